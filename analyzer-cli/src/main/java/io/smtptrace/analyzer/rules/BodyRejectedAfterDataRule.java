package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.MessageAttempt;
import io.smtptrace.analyzer.model.Session;

/** 354, the whole body, then a 4xx/5xx reply to end-of-data. */
public final class BodyRejectedAfterDataRule extends AbstractRule {
    @Override public String id() { return "body-rejected-after-data"; }
    @Override public Severity severity() { return Severity.ERROR; }

    @Override
    public void accept(Session s) {
        for (MessageAttempt m : s.messages) {
            Exchange e = m.decidingExchange;
            if (!m.dataStarted || e == null || e.replyCode == null || e.replyCode < 400) continue;
            if (!(e.is(".") || e.is("BDAT"))) continue;
            Hits.Agg a = hits.hit(s, e.time, e.replyText());
            if (m.bytes != null) a.facts.putIfAbsent("bytes", String.valueOf(m.bytes));
            if (s.sizeLimit != null && s.sizeLimit > 0) a.facts.putIfAbsent("size", String.valueOf(s.sizeLimit));
            if (m.bodyStat("longest_line") > 998) a.facts.putIfAbsent("longline", String.valueOf(m.bodyStat("longest_line")));
            // JavaMail's DATA stream normalises line ends; bare CR/LF only reach the server through BDAT or raw streams
            boolean bdat = s.exchanges.stream().anyMatch(x -> x.is("BDAT"));
            if (bdat && m.bodyStat("bare_lf") + m.bodyStat("bare_cr") > 0) a.facts.putIfAbsent("bare", String.valueOf(m.bodyStat("bare_lf") + m.bodyStat("bare_cr")));
            if (m.bodyStat("nul") > 0) a.facts.putIfAbsent("nul", String.valueOf(m.bodyStat("nul")));
            boolean eightBit = s.ehloExtensions.stream().flatMap(l -> l.stream()).anyMatch(x -> x.equalsIgnoreCase("8BITMIME"));
            if (m.bodyStat("non_ascii") > 0 && !eightBit) a.facts.putIfAbsent("8bit", String.valueOf(m.bodyStat("non_ascii")));
            a.facts.putIfAbsent("code", String.valueOf(e.replyCode));
        }
    }

    @Override
    protected String explain(Hits.Agg a, Messages t) {
        String bytes = a.fact("bytes");
        String size = a.fact("size");
        String sizeText = null;
        if (bytes != null && size != null) {
            long over = Long.parseLong(bytes) - Long.parseLong(size);
            sizeText = sentences(text(t, "explain.size", bytes, size), over > 0 ? text(t, "explain.over", String.valueOf(over)) : null,
                    text(t, "explain.noSizeParameter"));
        } else if (bytes != null) {
            sizeText = text(t, "explain.bytes", bytes);
        } else if (size != null) {
            sizeText = text(t, "explain.advertised", size);
        }
        String code = a.fact("code");
        return sentences(text(t, "explain", repeated(t, a.count, "messages")), sizeText,
                a.fact("longline") != null ? text(t, "explain.longLine", a.fact("longline")) : null,
                a.fact("bare") != null ? text(t, "explain.bare", a.fact("bare")) : null,
                a.fact("nul") != null ? text(t, "explain.nul") : null,
                a.fact("8bit") != null ? text(t, "explain.8bit") : null,
                code != null && code.startsWith("4") ? text(t, "explain.transient") : null);
    }

    @Override
    protected String fix(Hits.Agg a, Messages t) {
        if (a.fact("bytes") != null && a.fact("size") != null && Long.parseLong(a.fact("bytes")) > Long.parseLong(a.fact("size")))
            return text(t, "fix.size");
        if (a.fact("longline") != null || a.fact("bare") != null || a.fact("nul") != null || a.fact("8bit") != null)
            return text(t, "fix.content");
        return text(t, "fix");
    }
}
