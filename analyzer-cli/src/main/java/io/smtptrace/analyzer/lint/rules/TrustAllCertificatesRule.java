package io.smtptrace.analyzer.lint.rules;

import io.smtptrace.analyzer.lint.LintRule;
import io.smtptrace.analyzer.lint.LintSink;
import io.smtptrace.analyzer.lint.MailConfig;
import io.smtptrace.analyzer.rules.Severity;

/** ssl.trust=* : every certificate of every host is accepted. */
public final class TrustAllCertificatesRule implements LintRule {
    @Override
    public String id() {
        return "trust-all-certificates";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public void check(MailConfig c, LintSink sink) {
        for (String proto : new String[] {"smtp", "smtps"}) {
            var at = c.javamail("mail." + proto + ".ssl.trust");
            if (at == null || !at.value().strip().equals("*")) continue;
            var host = c.hostSetting();
            String name = host == null || host.value().isBlank() ? "<host>" : host.value().strip();
            sink.report(this, at, new Object[] {at.key()}, new Object[] {at.key(), name});
        }
    }
}
