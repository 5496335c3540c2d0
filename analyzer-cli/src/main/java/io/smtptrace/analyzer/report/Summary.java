package io.smtptrace.analyzer.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.model.MessageAttempt;
import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.read.RunStatus;

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
    /**
     * What became of each input; decides whether the run is complete, incomplete or empty. Null when the caller does
     * not track it (the demo, which reads its own fresh capture): reported as a complete run, as before.
     */
    public RunStatus status;
    /** An empty run (no conversation in any input) was accepted with {@code --allow-empty}. */
    public boolean allowEmpty;
    /** The language of the input-status texts. */
    public Lang lang = Lang.en;
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
