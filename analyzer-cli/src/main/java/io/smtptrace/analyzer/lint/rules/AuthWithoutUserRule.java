package io.smtptrace.analyzer.lint.rules;

import io.smtptrace.analyzer.lint.LintRule;
import io.smtptrace.analyzer.lint.LintSink;
import io.smtptrace.analyzer.lint.MailConfig;
import io.smtptrace.analyzer.rules.Severity;

/** auth=true but no user name anywhere in the configuration. */
public final class AuthWithoutUserRule implements LintRule {
    @Override
    public String id() {
        return "auth-without-user";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public void check(MailConfig c, LintSink sink) {
        if (!c.isTrue("auth")) return;
        var user = c.userSetting();
        if (user != null && !user.value().isBlank()) return;
        var at = c.prop("auth");
        sink.report(this, at, new Object[] {at.key()}, new Object[] {c.userKey()});
    }
}
