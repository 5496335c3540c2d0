package io.smtptrace.analyzer.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Consumer;

import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.read.Diagnostics;
import io.smtptrace.analyzer.read.Inputs;

/** Reads inputs and streams sessions to a consumer, with optional progress on stderr. */
final class Pipeline {
    private Pipeline() {}

    static Diagnostics run(List<String> files, InputStream stdin, PrintWriter err, boolean progress, Consumer<Session> sink) {
        return run(files, stdin, false, Lang.resolve(null, System.getenv()), err, progress, null, sink);
    }

    /** The same, diagnostics and progress in {@code lang}. */
    static Diagnostics run(List<String> files, InputStream stdin, PrintWriter err, boolean progress, Lang lang, Consumer<Session> sink) {
        return run(files, stdin, false, lang, err, progress, null, sink);
    }

    static Diagnostics run(List<String> files, InputStream stdin, boolean stdinClosed, Lang lang, PrintWriter err, boolean progress,
            java.util.regex.Pattern logPrefix, Consumer<Session> sink) {
        Diagnostics diag = new Diagnostics(err, lang);
        Progress p = progress ? new Progress(err, diag.texts()) : null;
        Inputs inputs = new Inputs(diag, stdin, stdinClosed, p == null ? null : p::file, lang).logPrefix(logPrefix);
        inputs.readAll(files, s -> {
            if (p != null) p.session();
            sink.accept(s);
        });
        if (p != null) p.done();
        diag.finish();
        return diag;
    }

    /** "\rsmtp-trace: app.log: 12000 connections" at most twice a second. */
    static final class Progress {
        private final PrintWriter err;
        private String file = "";
        private long sessions;
        private long lastPrint;
        private boolean printed;
        private final io.smtptrace.analyzer.i18n.Messages texts;

        Progress(PrintWriter err, io.smtptrace.analyzer.i18n.Messages texts) {
            this.err = err;
            this.texts = texts;
        }

        void file(String f) {
            file = f;
        }

        void session() {
            sessions++;
            long now = System.nanoTime();
            if (now - lastPrint > 500_000_000L) {
                lastPrint = now;
                err.print("\rsmtp-trace: " + file + ": " + texts.get("progress", sessions) + "   ");
                err.flush();
                printed = true;
            }
        }

        void done() {
            if (printed) {
                err.print("\r" + " ".repeat(78) + "\r");
                err.flush();
            }
        }
    }
}
