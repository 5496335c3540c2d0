package io.smtptrace.analyzer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.smtptrace.analyzer.report.Summary;
import io.smtptrace.analyzer.report.html.HtmlReport;
import io.smtptrace.analyzer.rules.Finding;

/** Writes an {@link HtmlReport} to {@code -o FILE} (through {@link ReportFile}: a failed run leaves no half page) or stdout. */
final class HtmlOutput {
    private HtmlOutput() {}

    /** Returns the bytes written; the file's path and size go to stderr, since stdout may be the report itself. */
    static long write(HtmlReport report, Summary summary, List<Finding> findings, Path file, PrintWriter out, PrintWriter err) throws IOException {
        long started = System.nanoTime();
        if (file == null) {
            report.write(summary, findings, out, Instant.now());
            return -1;
        }
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) Files.createDirectories(abs.getParent());
        // written beside the file and moved over it once complete, like every other report (ReportFile)
        String failed = ReportFile.write(abs, io.smtptrace.analyzer.i18n.Messages.of("inputs", report.texts().lang()),
                o -> report.write(summary, findings, o, Instant.now()));
        if (failed != null) throw new IOException(failed);
        long size = Files.size(abs);
        err.println(report.texts().get("cli.written", abs.toString(), String.format(java.util.Locale.ROOT, "%.1f", size / 1048576.0),
                report.rows(), (System.nanoTime() - started) / 1_000_000));
        err.flush();
        return size;
    }
}
