package io.smtptrace.analyzer.cli;

import picocli.CommandLine.Option;

/** {@code --format} of the findings report: text and JSON, for CI systems SARIF and JUnit XML, and a self-contained HTML page (analyze only). */
public final class ReportFormatMixin {
    public enum Format { text, json, sarif, junit, html }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", descriptionKey = "format")
    public Format format = Format.text;
}
