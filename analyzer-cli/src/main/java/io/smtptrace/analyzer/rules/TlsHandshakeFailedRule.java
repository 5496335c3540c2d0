package io.smtptrace.analyzer.rules;

import java.time.Instant;
import java.util.Locale;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;

/** STARTTLS accepted (220), then the TLS handshake failed; names the cause. */
public final class TlsHandshakeFailedRule extends AbstractRule {
    @Override public String id() { return "tls-handshake-failed"; }
    @Override public Severity severity() { return Severity.ERROR; }

    @Override
    public void accept(Session s) {
        Exchange starttls = null;
        for (Exchange e : s.exchanges) if (e.is("STARTTLS") && Integer.valueOf(220).equals(e.replyCode)) starttls = e;
        boolean starttlsFailed = starttls != null && (s.tlsErrorType != null || Boolean.FALSE.equals(s.tlsEstablished));
        boolean implicitFailed = starttls == null && s.sslRequested && s.tlsErrorType != null && !ImplicitTlsOnStarttlsPortRule.applies(s);
        if (!starttlsFailed && !implicitFailed) return;
        String msg = s.tlsErrorMessage == null ? "" : s.tlsErrorMessage;
        boolean unlogged = s.tlsErrorUnlogged || s.tlsErrorType == null && s.exceptions.isEmpty();
        Instant when = starttls != null ? starttls.time : s.start;
        Hits.Agg a;
        if (s.tlsErrorType != null && !s.tlsErrorUnlogged) a = hits.hit(s, when, s.tlsErrorType + (msg.isEmpty() ? "" : ": " + msg));
        else if (starttls != null && unlogged) a = hits.hitDescribed(s, when, id() + ".sample.starttlsUnlogged", starttls.replyText());
        else if (starttls != null) a = hits.hitDescribed(s, when, id() + ".sample.starttls", starttls.replyText(), String.join("; ", s.exceptions));
        else a = hits.hitDescribed(s, when, id() + ".sample.implicitUnlogged", String.valueOf(s.port));
        a.facts.putIfAbsent("cause", unlogged ? "unlogged"
                : cause((s.tlsErrorType == null ? "" : s.tlsErrorType) + " " + msg + " " + String.join(" ", s.exceptions)));
        a.facts.putIfAbsent("mode", starttls != null ? "starttls" : "implicit");
    }

    /**
     * The cause from the TLS error and the exceptions, in either form the agent wrote: the outermost TLS exception
     * ({@code SSLHandshakeException: PKIX path building failed: ...}) or the innermost cause
     * ({@code SunCertPathBuilderException: unable to find valid certification path ...}).
     */
    static String cause(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.contains("certificateexpired") || t.contains("certificatenotyetvalid") || t.contains("validity check failed")
                || t.contains("notafter") || t.contains("not yet valid") || t.contains("certificate expired")
                || t.contains("certificate_expired")) return "expired";
        if (t.contains("no subject alternative") || t.contains("no name matching") || t.contains("hostname")
                || t.contains("server identity") || t.contains("identity of server")) return "hostname";
        if (t.contains("pkix") || t.contains("unable to find valid certification path") || t.contains("certpath")
                || t.contains("self signed") || t.contains("self-signed") || t.contains("unknown_ca") || t.contains("certificate_unknown")) return "untrusted";
        if (t.contains("no appropriate protocol") || t.contains("protocol is disabled") || t.contains("cipher suites are inappropriate"))
            return "client-protocol";
        if (t.contains("protocol_version") || t.contains("handshake_failure") && t.contains("cipher") || t.contains("no negotiable cipher")
                || t.contains("unsupported protocol")) return "protocol";
        return "other";
    }

    @Override
    protected String explain(Hits.Agg a, Messages t) {
        String how = "starttls".equals(a.fact("mode")) ? "explain.starttls" : "explain.implicit";
        return text(t, how, repeated(t, a.count, "connections"), text(t, "cause." + a.fact("cause")));
    }

    @Override
    protected String fix(Hits.Agg a, Messages t) {
        return text(t, "fix." + a.fact("cause"));
    }
}
