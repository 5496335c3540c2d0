package io.smtptrace.analyzer.cli;

import picocli.CommandLine.Option;

/** {@code --format} of {@code sessions}: the list or one transcript as text or JSON, or every conversation as an HTML page. */
public final class SessionsFormatMixin {
    public enum Format { text, json, html }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", descriptionKey = "format")
    public Format format = Format.text;
}
