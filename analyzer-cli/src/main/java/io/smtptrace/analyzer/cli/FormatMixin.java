package io.smtptrace.analyzer.cli;

import picocli.CommandLine.Option;

/** Shared {@code --format}. */
public final class FormatMixin {
    public enum Format { text, json, sarif }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; sarif only for analyze).")
    public Format format = Format.text;
}
