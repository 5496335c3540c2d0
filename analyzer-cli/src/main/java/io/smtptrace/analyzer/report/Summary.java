package io.smtptrace.analyzer.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.smtptrace.analyzer.model.MessageAttempt;
import io.smtptrace.analyzer.model.Session;

/** Run totals, accumulated while sessions stream past (nothing is kept per session). */
public final class Summary {
    public final List<String> inputs = new ArrayList<>();
    public long sessions;
    public long messages;
    public long accepted;
    public long rejected;
    public long aborted;
    public final Set<String> servers = new LinkedHashSet<>();
    public int inputProblems;
    /** conversations the input holds only part of (see {@link Session#partial}), and the first ids of them */
    public long partial;
    public final List<String> partialIds = new ArrayList<>();

    public void accept(Session s) {
        sessions++;
        if (servers.size() < 100) servers.add(s.server());
        if (s.partial) {
            partial++;
            if (partialIds.size() < 20) partialIds.add(s.id);
        }
        for (MessageAttempt m : s.messages) {
            messages++;
            if (MessageAttempt.ACCEPTED.equals(m.outcome)) accepted++;
            else if (MessageAttempt.REJECTED.equals(m.outcome)) rejected++;
            else aborted++;
        }
    }
}
