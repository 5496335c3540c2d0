package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.MessageAttempt;
import io.smtptrace.analyzer.model.Session;

/** 354, the whole body, then a 4xx/5xx reply to end-of-data. */
public final class BodyRejectedAfterDataRule extends AbstractRule {
    @Override public String id() { return "body-rejected-after-data"; }
    @Override public Severity severity() { return Severity.ERROR; }
    @Override public String title() { return "Message rejected after the body was sent"; }

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
    protected String explain(Hits.Agg a) {
        StringBuilder sb = new StringBuilder("The server accepted DATA (354), received the whole message, then refused it at end of data"
                + repeated(a.count, "messages") + ".");
        String bytes = a.fact("bytes");
        String size = a.fact("size");
        if (bytes != null && size != null) {
            long b = Long.parseLong(bytes);
            long lim = Long.parseLong(size);
            sb.append(" The message was ").append(b).append(" bytes on the wire; the server advertised SIZE ").append(lim)
                    .append(b > lim ? " — the message is " + (b - lim) + " bytes over the limit." : ".");
            sb.append(" JavaMail never sends SIZE= with MAIL FROM, so a size refusal only arrives after the whole body.");
        } else if (bytes != null) {
            sb.append(" The message was ").append(bytes).append(" bytes on the wire.");
        } else if (size != null) {
            sb.append(" The server advertised SIZE ").append(size).append('.');
        }
        if (a.fact("longline") != null) sb.append(" A line is ").append(a.fact("longline")).append(" octets long (RFC 5322 limit: 998).");
        if (a.fact("bare") != null) sb.append(" The body has ").append(a.fact("bare")).append(" bare CR/LF characters.");
        if (a.fact("nul") != null) sb.append(" The body contains NUL bytes.");
        if (a.fact("8bit") != null) sb.append(" The body has 8-bit data but the server did not offer 8BITMIME.");
        String code = a.fact("code");
        if (code != null && code.startsWith("4")) sb.append(" The reply is transient (4xx): the server may accept it later.");
        return sb.toString();
    }

    @Override
    protected String fix(Hits.Agg a) {
        if (a.fact("bytes") != null && a.fact("size") != null && Long.parseLong(a.fact("bytes")) > Long.parseLong(a.fact("size")))
            return "Make the message smaller than the server's SIZE limit (remember base64 adds a third to attachments): link large files"
                    + " instead of attaching them, or raise the server's message size limit (e.g. Postfix message_size_limit).";
        if (a.fact("longline") != null || a.fact("bare") != null || a.fact("nul") != null || a.fact("8bit") != null)
            return "Fix the content: let JavaMail encode the body (MimeBodyPart with quoted-printable/base64) instead of writing raw streams;"
                    + " keep lines under 998 octets and use CRLF line ends.";
        return "Read the reply text: content or policy filters (spam, virus, DMARC) refuse with 550/554 5.7.x; 4xx means retry later.";
    }
}
