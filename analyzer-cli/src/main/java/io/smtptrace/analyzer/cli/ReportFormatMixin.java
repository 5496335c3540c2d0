package io.smtptrace.analyzer.cli;

import picocli.CommandLine.Option;

/** {@code --format} of the findings report: text and JSON, and for CI systems SARIF and JUnit XML. */
public final class ReportFormatMixin {
    public enum Format { text, json, sarif, junit }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", descriptionKey = "format")
    public Format format = Format.text;
}
