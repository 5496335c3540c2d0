package io.smtptrace.analyzer.lint.rules;

import java.util.ArrayList;
import java.util.List;

import io.smtptrace.analyzer.lint.LintRule;
import io.smtptrace.analyzer.lint.LintSink;
import io.smtptrace.analyzer.lint.MailConfig;
import io.smtptrace.analyzer.rules.Severity;

/** JavaMail's connect, read and write timeouts default to infinite: a server that stops answering hangs the thread. */
public final class MissingTimeoutsRule implements LintRule {
    private static final String[] TIMEOUTS = {"connectiontimeout", "timeout", "writetimeout"};

    @Override
    public String id() {
        return "missing-timeouts";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public void check(MailConfig c, LintSink sink) {
        var at = c.anchor();
        if (at == null) return;
        List<String> missing = new ArrayList<>();
        for (String t : TIMEOUTS) if (c.prop(t) == null) missing.add(c.keyForProp(t));
        if (missing.isEmpty()) return;
        sink.report(this, at, new Object[] {String.join(", ", missing)}, new Object[] {String.join(", ", missing)});
    }
}
