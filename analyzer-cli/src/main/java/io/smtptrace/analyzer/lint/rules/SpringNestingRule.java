package io.smtptrace.analyzer.lint.rules;

import io.smtptrace.analyzer.lint.ConfigDocument.Kind;
import io.smtptrace.analyzer.lint.KnownProperties;
import io.smtptrace.analyzer.lint.LintRule;
import io.smtptrace.analyzer.lint.LintSink;
import io.smtptrace.analyzer.lint.MailConfig;
import io.smtptrace.analyzer.lint.Setting;
import io.smtptrace.analyzer.rules.Severity;

/**
 * Spring Boot hands JavaMail exactly the keys under spring.mail.properties, unchanged. Anything else that looks like a
 * JavaMail property is never seen: spring.mail.properties.smtp.auth (missing "mail."), spring.mail.smtp.auth (missing
 * "properties."), a bare mail.smtp.auth in application.properties.
 */
public final class SpringNestingRule implements LintRule {
    @Override
    public String id() {
        return "spring-properties-nesting";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public void check(MailConfig c, LintSink sink) {
        if (c.kind() != Kind.SPRING) return;
        for (Setting s : c.settings()) {
            String k = MailConfig.normalKey(s.key());
            String right = null;
            if (k.startsWith(MailConfig.SPRING_PROPS)) {
                String rest = k.substring(MailConfig.SPRING_PROPS.length());
                if (!rest.startsWith("mail.")) right = MailConfig.SPRING_PROPS + javamailKey(rest);
            } else if (k.startsWith("spring.mail.")) {
                String field = MailConfig.springField(k);
                if (!KnownProperties.SPRING_FIELDS.contains(field) && (field.startsWith("smtp.") || field.startsWith("smtps.")
                        || field.startsWith("mail.") || KnownProperties.SMTP.contains(k.substring("spring.mail.".length())))) {
                    right = MailConfig.SPRING_PROPS + javamailKey(k.substring("spring.mail.".length()));
                }
            } else if (k.startsWith("mail.smtp.") || k.startsWith("mail.smtps.") || k.equals("mail.transport.protocol")
                    || k.equals("mail.debug")) {
                right = MailConfig.SPRING_PROPS + k;
            }
            if (right != null) sink.report(this, s, new Object[] {s.key()}, new Object[] {right});
        }
    }

    /** smtp.auth -> mail.smtp.auth; auth -> mail.smtp.auth; mail.smtp.auth stays. */
    static String javamailKey(String rest) {
        if (rest.startsWith("mail.")) return rest;
        if (rest.startsWith("smtp.") || rest.startsWith("smtps.")) return "mail." + rest;
        return "mail.smtp." + rest;
    }
}
