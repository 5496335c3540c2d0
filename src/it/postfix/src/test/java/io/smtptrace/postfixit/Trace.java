package io.smtptrace.postfixit;

import io.smtptrace.testsupport.ExportedTraces;
import io.smtptrace.testsupport.ExportedTraces.EventView;
import io.smtptrace.testsupport.ExportedTraces.SpanView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** How this suite reads the agent's trace: test-support's {@link ExportedTraces}, plus the notation of its README. */
final class Trace {

    private Trace() {
    }

    static ExportedTraces read(Path file) {
        try {
            return ExportedTraces.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * "VERB code" per exchange: {@code <greeting>}, the verb ({@code AUTH LOGIN} with its mechanism, {@code .} for
     * end of data, the command line for AUTH continuations), and the reply code or {@code (error)}.
     */
    static List<String> verbs(List<SpanView> connection) {
        return ExportedTraces.exchanges(connection).stream().map(e -> {
            String what = e.str("smtp.command.verb");
            if ("greeting".equals(e.str("smtp.exchange.type"))) {
                what = "<greeting>";
            } else if (what == null || "AUTH".equals(what)) {
                what = e.str("smtp.command.line");
            }
            return what + " " + ExportedTraces.reply(e);
        }).collect(Collectors.toList());
    }

    /** The reply lines, joined with " / " as in src/it/postfix/README.md. */
    static String replyText(EventView e) {
        List<String> lines = e.list("smtp.reply.lines");
        return lines.isEmpty() ? e.str("smtp.reply.lines") : String.join(" / ", lines);
    }
}
