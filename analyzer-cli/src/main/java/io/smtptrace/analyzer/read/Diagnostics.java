package io.smtptrace.analyzer.read;

import java.io.PrintWriter;

import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.i18n.Messages;

/**
 * Problems with the input, printed as {@code smtp-trace: FILE:LINE: what is wrong} on stderr, in the run's language
 * (texts in the {@code diagnostics} bundle). Never a stack trace.
 */
public final class Diagnostics {
    private final PrintWriter err;
    private final Messages texts;
    private final RunStatus status = new RunStatus();
    private int warnings;
    private int unreadable;
    private int suppressed;
    private static final int MAX_PRINTED = 200;

    public Diagnostics(PrintWriter err) {
        this(err, Lang.en);
    }

    public Diagnostics(PrintWriter err, Lang lang) {
        this.err = err;
        this.texts = Messages.of("diagnostics", lang);
    }

    /** A problem with a line of the input, phrased by {@code key} of the {@code diagnostics} bundle. */
    public void problem(String file, long line, String key, Object... args) {
        warn(file, line, texts.get(key, args));
    }

    /** An input that could not be read at all, phrased by {@code key} of the {@code diagnostics} bundle. */
    public void unreadableInput(String file, String key, Object... args) {
        unreadable(file, texts.get(key, args));
    }

    public Messages texts() {
        return texts;
    }

    public void warn(String file, long line, String message) {
        warnings++;
        if (warnings > MAX_PRINTED) {
            suppressed++;
            return;
        }
        err.println("smtp-trace: " + file + (line > 0 ? ":" + line : "") + ": " + message);
        err.flush();
    }

    /** A read error stopped the input at {@code line} (0: unknown); what came before was analysed. */
    public void fail(String file, long line, String message) {
        unreadable++;
        err.println("smtp-trace: " + file + (line > 0 ? ":" + line : "") + ": " + message);
        err.flush();
    }

    /** What became of each input. */
    public RunStatus status() {
        return status;
    }

    /** The input could not be read at all (missing file, permission denied). */
    public void unreadable(String file, String message) {
        unreadable++;
        err.println("smtp-trace: " + file + ": " + message);
        err.flush();
    }

    public void finish() {
        if (suppressed > 0) err.println("smtp-trace: " + texts.get("suppressed", suppressed));
        err.flush();
    }

    public int warnings() {
        return warnings;
    }

    /** Inputs that could not be read at all or were cut short by a read error. */
    public int unreadable() {
        return unreadable;
    }

    public PrintWriter err() {
        return err;
    }
}
