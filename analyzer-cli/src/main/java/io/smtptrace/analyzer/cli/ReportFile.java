package io.smtptrace.analyzer.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

import io.smtptrace.analyzer.i18n.Messages;

/**
 * {@code analyze -o FILE}: the report is written beside FILE under a temporary name and moved over FILE only when every
 * byte was written, so a full disk or a file-size limit never leaves a short or empty report that looks like a result.
 */
public final class ReportFile {
    private ReportFile() {}

    /** Writes the report; returns null when FILE now holds all of it, else why not (FILE then was not touched). */
    static String write(Path target, Messages msg, Consumer<PrintWriter> report) {
        Path abs = target.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        CheckedOutputStream stream = null;
        try {
            stream = new CheckedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE));
            PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8)));
            report.accept(out);
            out.close(); // PrintWriter.close() swallows the error of the last flush too: checkError() sees it
            if (out.checkError()) {
                Files.deleteIfExists(tmp);
                return describe(stream.failure(), msg);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            return null;
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original error is the one to report
            }
            return describe(e instanceof IOException io ? io : new IOException(e.getMessage(), e), msg);
        }
    }

    public static String describe(IOException e, Messages msg) {
        if (e == null) return msg.get("write.cause.unknown");
        if (e instanceof java.nio.file.NoSuchFileException) return msg.get("write.nodir");
        if (e instanceof java.nio.file.AccessDeniedException) return msg.get("open.denied");
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) return fs.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
