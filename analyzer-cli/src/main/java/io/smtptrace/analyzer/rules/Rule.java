package io.smtptrace.analyzer.rules;

import java.util.List;

import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Session;

/**
 * A check with a stable id. Fed sessions one by one (they are released afterwards), it keeps only small aggregates
 * (counts per server, a few session ids, facts) and emits its findings at the end, phrased by the {@code rules} bundle
 * (keys start with the rule id; {@code <id>.title} is the one-line summary of what it detects).
 */
public interface Rule {
    String id();

    Severity severity();

    void accept(Session session);

    /** The findings, their texts in the language of {@code texts} (the {@code rules} bundle). */
    List<Finding> findings(Messages texts);

    /** One line: what the rule detects. */
    default String title(Messages texts) {
        return texts.get(id() + ".title");
    }

    /** The findings in English. */
    default List<Finding> findings() {
        return findings(Messages.of("rules", Lang.en));
    }

    /** The title in English. */
    default String title() {
        return title(Messages.of("rules", Lang.en));
    }

    /** Hits so far (grows while sessions are fed): a report compares it before and after a session to tag it with the rule. */
    long hitCount();
}
