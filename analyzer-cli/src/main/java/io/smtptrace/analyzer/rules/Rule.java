package io.smtptrace.analyzer.rules;

import java.util.List;

import io.smtptrace.analyzer.model.Session;

/**
 * A check with a stable id. Fed sessions one by one (they are released afterwards), it keeps only small aggregates
 * (counts per server, a few session ids) and emits its findings at the end.
 */
public interface Rule {
    String id();

    Severity severity();

    /** One line: what the rule detects. */
    String title();

    void accept(Session session);

    List<Finding> findings();

    /** Hits so far (grows while sessions are fed): a report compares it before and after a session to tag it with the rule. */
    long hitCount();
}
