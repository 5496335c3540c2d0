package io.smtptrace.analyzer.lint.rules;

import io.smtptrace.analyzer.lint.LintRule;
import io.smtptrace.analyzer.lint.LintSink;
import io.smtptrace.analyzer.lint.MailConfig;
import io.smtptrace.analyzer.lint.Setting;
import io.smtptrace.analyzer.rules.Severity;

/** Port 465 (implicit TLS) while the client starts in plain text: it waits for a greeting the server never sends. */
public final class ImplicitTlsWithoutSslRule implements LintRule {
    @Override
    public String id() {
        return "implicit-tls-port-without-ssl";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public void check(MailConfig c, LintSink sink) {
        Setting port = c.portSetting();
        if (port == null || c.port() != 465 || c.protocol().equals("smtps") || c.isTrue("ssl.enable")) return;
        sink.report(this, port, new Object[] {465}, new Object[] {c.keyForProp("ssl.enable")});
    }
}
