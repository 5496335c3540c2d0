package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;

/** AUTH rejected (535/534/538 and relatives); repeated failures risk an account lockout. */
public final class AuthFailedRule extends AbstractRule {
    @Override public String id() { return "auth-failed"; }
    @Override public Severity severity() { return Severity.ERROR; }
    @Override public String title() { return "Authentication failed"; }

    @Override
    public void accept(Session s) {
        if (!"failure".equals(s.authOutcome)) return;
        Exchange last = null;
        for (Exchange e : s.exchanges) if (e.is("AUTH") || Exchange.AUTH_CONTINUATION.equals(e.type)) last = e;
        String sample = last != null && last.replyCode != null ? last.replyText() : s.authReplyCode != null ? String.valueOf(s.authReplyCode) : "AUTH failed";
        Hits.Agg a = hits.hit(s, last != null ? last.time : s.start, sample);
        if (s.authReplyCode != null) a.facts.putIfAbsent("code", String.valueOf(s.authReplyCode));
        if (s.authMechanism != null) a.facts.putIfAbsent("mech", s.authMechanism);
        if (!s.tlsActive()) a.facts.putIfAbsent("plaintext", "true");
    }

    @Override
    protected String explain(Hits.Agg a) {
        String code = a.fact("code");
        String why = switch (code == null ? "" : code) {
            case "534" -> "534 means the account needs a different mechanism or an application-specific password (5.7.9).";
            case "538" -> "538 means this mechanism is only allowed over an encrypted connection.";
            case "454" -> "454 is a temporary authentication failure on the server side; retry later.";
            default -> "535 means the server rejected the credentials: wrong user name or password, an expired password,"
                    + " or an account that requires an app password or OAuth2 (XOAUTH2).";
        };
        String s = "The server rejected AUTH" + (a.fact("mech") != null ? " " + a.fact("mech") : "") + " " + times(a.count)
                + " on " + a.sessionCount + " connection(s). " + why;
        if (a.count >= 3) s += " Repeated failed logins can lock the account or get the client's IP address blocked:"
                + " stop retrying with the same credentials.";
        return s;
    }

    @Override
    protected String fix(Hits.Agg a) {
        String code = a.fact("code");
        if ("538".equals(code)) return "Encrypt first: mail.smtp.starttls.enable=true (port 587) or mail.smtp.ssl.enable=true (port 465).";
        if ("534".equals(code)) return "Create an app password for the account, or use OAuth2: mail.smtp.auth.mechanisms=XOAUTH2 with an access token as the password.";
        return "Check the user name and password passed to Transport.connect() / the Authenticator (Spring: spring.mail.username/password);"
                + " if the provider requires it, use an app password or OAuth2 (mail.smtp.auth.mechanisms=XOAUTH2)."
                + " Retry only after the credentials changed.";
    }
}
