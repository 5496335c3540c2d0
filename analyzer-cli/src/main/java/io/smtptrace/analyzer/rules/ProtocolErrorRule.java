package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;

/** 500-504 replies: a command the server did not understand, bad syntax or out of sequence. */
public final class ProtocolErrorRule extends AbstractRule {
    @Override public String id() { return "protocol-error"; }
    @Override public Severity severity() { return Severity.WARNING; }
    @Override public String title() { return "Protocol error (500-504)"; }

    @Override
    public void accept(Session s) {
        for (int i = 0; i < s.exchanges.size(); i++) {
            Exchange e = s.exchanges.get(i);
            if (e.replyCode == null || e.replyCode < 500 || e.replyCode > 504) continue;
            // JavaMail falls back from EHLO to HELO on a 5xx: not an error when HELO then works
            if (e.is("EHLO") && i + 1 < s.exchanges.size() && s.exchanges.get(i + 1).is("HELO") && s.exchanges.get(i + 1).positive()) continue;
            Hits.Agg a = hits.hit(s, e.time, (e.line != null ? e.line + " -> " : "") + e.replyText());
            a.facts.putIfAbsent("verb", e.verb == null ? "?" : e.verb);
            if (e.replyCode == 501 && (e.is("EHLO") || e.is("HELO"))) a.facts.putIfAbsent("ehlo501", "true");
        }
    }

    @Override
    protected String explain(Hits.Agg a) {
        String s = "The server answered 500-504 " + times(a.count) + " (first on " + a.fact("verb") + "): the command was not recognised (500/502),"
                + " its arguments were invalid (501), it came out of sequence (503) or a parameter is not implemented (504).";
        if (a.fact("ehlo501") != null) s += " A 501 to EHLO/HELO usually means the client's local host name is not a valid domain.";
        return s;
    }

    @Override
    protected String fix(Hits.Agg a) {
        if (a.fact("ehlo501") != null) return "Set mail.smtp.localhost to a valid fully qualified host name.";
        return "Check commands the application sends directly (SMTPTransport.issueCommand/simpleCommand) and extensions it assumes"
                + " without checking EHLO (supportsExtension()); 503 usually follows an earlier failure (e.g. RCPT after a refused MAIL).";
    }
}
