package io.smtptrace.analyzer.lint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.smtptrace.analyzer.i18n.Messages;

/**
 * Collects findings in the reader's language. The same problem seen in several views (the base configuration and each
 * profile over it) is reported once, at its place.
 */
public final class LintSink {
    private final Messages msg;
    private final Map<String, LintFinding> findings = new LinkedHashMap<>();

    public LintSink(Messages msg) {
        this.msg = msg;
    }

    private String profile;

    /** The Spring profile of the configuration being checked (null: the base, which every profile inherits). */
    void profile(String profile) {
        this.profile = profile;
    }

    public Messages messages() {
        return msg;
    }

    /** Reports {@code rule} at {@code at} with texts {@code <id>.explanation} and {@code <id>.fix}. */
    public void report(LintRule rule, Setting at, Object[] explanationArgs, Object[] fixArgs) {
        report(rule, at, rule.id() + ".explanation", explanationArgs, rule.id() + ".fix", fixArgs);
    }

    public void report(LintRule rule, Setting at, String explanationKey, Object[] explanationArgs, String fixKey, Object[] fixArgs) {
        String dedupe = rule.id() + "|" + at.file() + "|" + at.line() + "|" + at.key();
        findings.putIfAbsent(dedupe, new LintFinding(rule.id(), rule.severity(), msg.get(rule.id() + ".title"), at.file(), at.line(),
                at.key(), profile, msg.get(explanationKey, explanationArgs), msg.get(fixKey, fixArgs)));
    }

    public List<LintFinding> findings() {
        return new ArrayList<>(findings.values());
    }
}
