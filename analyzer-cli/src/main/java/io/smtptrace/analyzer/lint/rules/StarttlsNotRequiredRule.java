package io.smtptrace.analyzer.lint.rules;

import io.smtptrace.analyzer.lint.LintRule;
import io.smtptrace.analyzer.lint.LintSink;
import io.smtptrace.analyzer.lint.MailConfig;
import io.smtptrace.analyzer.rules.Severity;

/** starttls.enable without starttls.required: when STARTTLS is not offered (or stripped), mail goes in clear, silently. */
public final class StarttlsNotRequiredRule implements LintRule {
    @Override
    public String id() {
        return "starttls-not-required";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public void check(MailConfig c, LintSink sink) {
        if (!c.isTrue("starttls.enable") || c.isTrue("starttls.required") || c.isTrue("ssl.enable")) return;
        var at = c.prop("starttls.enable");
        sink.report(this, at, new Object[] {at.key()}, new Object[] {c.keyForProp("starttls.required")});
    }
}
