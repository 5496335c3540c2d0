package io.smtptrace.analyzer.lint.rules;

import java.util.Map;

import io.smtptrace.analyzer.lint.LintRule;
import io.smtptrace.analyzer.lint.LintSink;
import io.smtptrace.analyzer.lint.MailConfig;
import io.smtptrace.analyzer.lint.Setting;
import io.smtptrace.analyzer.rules.Severity;

/** JavaMail reads mail.&lt;protocol&gt;.*: mail.smtps.* keys are ignored with protocol smtp, and the reverse. */
public final class ProtocolPrefixMismatchRule implements LintRule {
    @Override
    public String id() {
        return "protocol-prefix-mismatch";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public void check(MailConfig c, LintSink sink) {
        String proto = c.protocol();
        if (!proto.equals("smtp") && !proto.equals("smtps")) return;
        String other = proto.equals("smtp") ? "smtps" : "smtp";
        for (Map.Entry<String, Setting> e : c.javamailProperties().entrySet()) {
            if (!e.getKey().startsWith("mail." + other + ".")) continue;
            String right = "mail." + proto + "." + e.getKey().substring(("mail." + other + ".").length());
            sink.report(this, e.getValue(), new Object[] {e.getValue().key(), proto}, new Object[] {c.keyFor(right)});
        }
    }
}
