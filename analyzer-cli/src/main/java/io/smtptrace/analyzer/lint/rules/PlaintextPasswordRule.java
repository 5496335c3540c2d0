package io.smtptrace.analyzer.lint.rules;

import java.util.regex.Pattern;

import io.smtptrace.analyzer.lint.ConfigDocument.Kind;
import io.smtptrace.analyzer.lint.LintRule;
import io.smtptrace.analyzer.lint.LintSink;
import io.smtptrace.analyzer.lint.MailConfig;
import io.smtptrace.analyzer.lint.Setting;
import io.smtptrace.analyzer.rules.Severity;

/** A password written into the file. Its value is never repeated in the finding. */
public final class PlaintextPasswordRule implements LintRule {
    /** ${SMTP_PASSWORD}, ${mail.pw:}, ENC(...) (Jasypt): resolved at run time, not a secret in the file. */
    private static final Pattern INDIRECT = Pattern.compile(".*\\$\\{[^}]+}.*|ENC\\(.*\\)");

    @Override
    public String id() {
        return "plaintext-password";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public void check(MailConfig c, LintSink sink) {
        if (c.kind() == Kind.SPRING) check(c, sink, c.spring("password"), "spring.mail.password=${SMTP_PASSWORD}");
        for (String k : new String[] {"mail.smtp.password", "mail.smtps.password", "mail.password", "mail.smtp.proxy.password"}) {
            check(c, sink, c.javamail(k), c.kind() == Kind.SPRING ? "spring.mail.password=${SMTP_PASSWORD}" : "Transport.connect(host, user, System.getenv(\"SMTP_PASSWORD\"))");
        }
    }

    private void check(MailConfig c, LintSink sink, Setting s, String instead) {
        if (s == null) return;
        String v = s.value().strip();
        if (v.isEmpty() || INDIRECT.matcher(v).matches()) return;
        sink.report(this, s, new Object[] {s.key()}, new Object[] {instead});
    }
}
