package io.smtptrace.analyzer.cli;

import picocli.CommandLine.Option;

/** Shared {@code --format}. */
public final class FormatMixin {
    public enum Format { text, json, sarif, junit }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; sarif and junit: analyze and lint).")
    public Format format = Format.text;

    /** Throws a usage error unless the format is text or json. */
    public void requireTextOrJson(picocli.CommandLine.Model.CommandSpec spec) {
        if (format != Format.text && format != Format.json) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--format " + format + " is only available for analyze");
        }
    }
}
