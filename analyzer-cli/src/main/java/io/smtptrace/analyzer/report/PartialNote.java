package io.smtptrace.analyzer.report;

import java.io.PrintWriter;

import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.i18n.Messages;

/**
 * The text report's line about conversations the input held only part of: their findings rest on less evidence and
 * their server may be unknown, so the reader is told which ones they are.
 */
final class PartialNote {
    private PartialNote() {}

    static void print(Summary s, PrintWriter out) {
        if (s.partial == 0) return;
        Messages m = Messages.of("logs", s.lang == null ? Lang.en : s.lang);
        String ids = String.join(", ", s.partialIds) + (s.partial > s.partialIds.size() ? ", ..." : "");
        out.println(m.get("report.partial", s.partial, ids));
    }
}
