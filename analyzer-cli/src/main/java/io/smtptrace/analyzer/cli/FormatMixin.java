package io.smtptrace.analyzer.cli;

import picocli.CommandLine.Option;

/** Shared {@code --format text|json} of the commands that print their own results (sessions, explain, demo). */
public final class FormatMixin {
    public enum Format { text, json }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", descriptionKey = "format")
    public Format format = Format.text;
}
