package io.smtptrace.analyzer.lint;

import io.smtptrace.analyzer.rules.Severity;

/** One problem at one place: the key as written (never its value: it may be a secret), explanation and fix. */
public record LintFinding(String rule, Severity severity, String title, String file, int line, String key, String profile,
                          String explanation, String fix) {
}
