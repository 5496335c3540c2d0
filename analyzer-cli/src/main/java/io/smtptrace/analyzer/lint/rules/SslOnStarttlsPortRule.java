package io.smtptrace.analyzer.lint.rules;

import io.smtptrace.analyzer.lint.LintRule;
import io.smtptrace.analyzer.lint.LintSink;
import io.smtptrace.analyzer.lint.MailConfig;
import io.smtptrace.analyzer.rules.Severity;

/** ssl.enable (or protocol smtps) on 587/25, where the server speaks plain SMTP first: the TLS handshake fails. */
public final class SslOnStarttlsPortRule implements LintRule {
    @Override
    public String id() {
        return "ssl-on-starttls-port";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public void check(MailConfig c, LintSink sink) {
        int port = c.port();
        if (port != 587 && port != 25) return;
        var at = c.isTrue("ssl.enable") ? c.prop("ssl.enable") : c.protocol().equals("smtps") ? c.protocolSetting() : null;
        if (at == null) return;
        sink.report(this, at, new Object[] {port, at.key()},
                new Object[] {at.key(), c.keyFor("mail.smtp.starttls.enable"), c.keyFor("mail.smtp.starttls.required")});
    }
}
