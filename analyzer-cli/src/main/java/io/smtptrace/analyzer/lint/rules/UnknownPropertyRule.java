package io.smtptrace.analyzer.lint.rules;

import java.util.List;
import java.util.Optional;

import io.smtptrace.analyzer.lint.ConfigDocument.Kind;
import io.smtptrace.analyzer.lint.KnownProperties;
import io.smtptrace.analyzer.lint.LintRule;
import io.smtptrace.analyzer.lint.LintSink;
import io.smtptrace.analyzer.lint.MailConfig;
import io.smtptrace.analyzer.lint.Setting;
import io.smtptrace.analyzer.rules.Severity;

/** A mail.smtp.* or spring.mail.* name nothing reads (mostly typos): silently ignored. Suggests the nearest real name. */
public final class UnknownPropertyRule implements LintRule {
    @Override
    public String id() {
        return "unknown-property";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public void check(MailConfig c, LintSink sink) {
        for (var e : c.javamailProperties().entrySet()) {
            String k = e.getKey();
            String proto = k.startsWith("mail.smtp.") ? "smtp" : k.startsWith("mail.smtps.") ? "smtps" : null;
            if (proto == null) continue;
            String name = k.substring(("mail." + proto + ".").length());
            if (KnownProperties.SMTP.contains(name) || name.matches("auth\\.[a-z0-9-]+\\.disable")) continue;
            Setting s = e.getValue();
            if (name.equals("password")) {
                String where = c.kind() == Kind.SPRING ? "spring.mail.password" : "Transport.connect(host, user, password) / Authenticator";
                sink.report(this, s, "unknown-property.password.explanation", new Object[] {s.key()},
                        "unknown-property.password.fix", new Object[] {where});
                continue;
            }
            List<String> known = KnownProperties.SMTP.stream().map(n -> "mail." + proto + "." + n).toList();
            suggest(c, sink, s, KnownProperties.nearest(k, known).map(c::keyFor));
        }
        if (c.kind() != Kind.SPRING) return;
        for (Setting s : c.settings()) {
            String k = MailConfig.normalKey(s.key());
            if (!k.startsWith("spring.mail.") || k.startsWith(MailConfig.SPRING_PROPS)) continue;
            String field = MailConfig.springField(k);
            String raw = k.substring("spring.mail.".length());
            if (KnownProperties.SPRING_FIELDS.contains(field) || field.startsWith("smtp.") || field.startsWith("smtps.")
                    || field.startsWith("mail.") || KnownProperties.SMTP.contains(raw)) continue;
            suggest(c, sink, s, KnownProperties.nearest(k, KnownProperties.SPRING_KEYS));
        }
    }

    private void suggest(MailConfig c, LintSink sink, Setting s, Optional<String> near) {
        if (near.isPresent()) {
            sink.report(this, s, new Object[] {s.key()}, new Object[] {near.get()});
        } else {
            sink.report(this, s, "unknown-property.explanation", new Object[] {s.key()}, "unknown-property.fix-none", new Object[0]);
        }
    }
}
