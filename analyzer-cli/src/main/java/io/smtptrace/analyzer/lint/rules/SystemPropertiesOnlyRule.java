package io.smtptrace.analyzer.lint.rules;

import io.smtptrace.analyzer.lint.ConfigDocument.Kind;
import io.smtptrace.analyzer.lint.LintRule;
import io.smtptrace.analyzer.lint.LintSink;
import io.smtptrace.analyzer.lint.MailConfig;
import io.smtptrace.analyzer.rules.Severity;

/** -Dmail.* reaches JavaMail only through a session built from System.getProperties(); Spring Boot builds its own. */
public final class SystemPropertiesOnlyRule implements LintRule {
    @Override
    public String id() {
        return "system-properties-only";
    }

    @Override
    public Severity severity() {
        return Severity.INFO;
    }

    @Override
    public void check(MailConfig c, LintSink sink) {
        if (c.kind() != Kind.JVM_OPTIONS || c.javamailProperties().isEmpty()) return;
        var first = c.javamailProperties().values().iterator().next();
        sink.report(this, first, new Object[] {c.javamailProperties().size()}, new Object[0]);
    }
}
