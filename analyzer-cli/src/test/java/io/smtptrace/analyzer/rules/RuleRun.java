package io.smtptrace.analyzer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Session;

/** Feeds sessions to one fresh rule and returns what a report would show, in English or Indonesian. */
final class RuleRun {
    static final Messages EN = Messages.of("rules", Lang.en);
    static final Messages ID = Messages.of("rules", Lang.id);

    private RuleRun() {}

    static <R extends Rule> R fed(R rule, Session... sessions) {
        for (Session s : sessions) rule.accept(s);
        return rule;
    }

    static List<Finding> findings(Rule rule, Session... sessions) {
        return fed(rule, sessions).findings(EN);
    }

    /** The single finding (one server) of a fresh rule fed these sessions. */
    static Finding one(Rule rule, Session... sessions) {
        List<Finding> f = findings(rule, sessions);
        assertThat(f).as("findings of " + rule.id()).hasSize(1);
        return f.get(0);
    }

    /** The single finding in Indonesian. */
    static Finding oneId(Rule rule, Session... sessions) {
        List<Finding> f = fed(rule, sessions).findings(ID);
        assertThat(f).as("findings of " + rule.id()).hasSize(1);
        return f.get(0);
    }

    static void none(Rule rule, Session... sessions) {
        assertThat(findings(rule, sessions)).as("findings of " + rule.id()).isEmpty();
    }
}
