package io.smtptrace.analyzer.lint.rules;

import io.smtptrace.analyzer.lint.LintRule;
import io.smtptrace.analyzer.lint.LintSink;
import io.smtptrace.analyzer.lint.MailConfig;
import io.smtptrace.analyzer.rules.Severity;

/** ssl.checkserveridentity=false: a certificate for any other host name is accepted. */
public final class ServerIdentityCheckDisabledRule implements LintRule {
    @Override
    public String id() {
        return "server-identity-check-disabled";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public void check(MailConfig c, LintSink sink) {
        for (String proto : new String[] {"smtp", "smtps"}) {
            var at = c.javamail("mail." + proto + ".ssl.checkserveridentity");
            if (at == null || !at.value().strip().equalsIgnoreCase("false")) continue;
            sink.report(this, at, new Object[] {at.key()}, new Object[] {at.key()});
        }
    }
}
