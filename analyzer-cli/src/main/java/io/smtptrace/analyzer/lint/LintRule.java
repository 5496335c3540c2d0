package io.smtptrace.analyzer.lint;

import io.smtptrace.analyzer.rules.Severity;

/** One check of a mail configuration, with a stable id; texts in the "lint" bundle under &lt;id&gt;.title/.explanation/.fix. */
public interface LintRule {
    String id();

    Severity severity();

    void check(MailConfig config, LintSink sink);
}
