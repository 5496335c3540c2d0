package io.smtptrace.analyzer.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Session;

/** Many short connections to one server, each carrying one message, in a short window. */
public final class ConnectionPerMessageRule implements Rule {
    static final int MIN_CONNECTIONS = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);

    private static final class Burst {
        int inWindow;
        int best;
        Instant windowStart;
        Instant first;
        Instant last;
        final List<String> ids = new ArrayList<>();
        final List<String> sources = new ArrayList<>();
        int total;
    }

    private final Map<String, Burst> byServer = new LinkedHashMap<>();
    private long hitCount;

    @Override public String id() { return "connection-per-message"; }
    @Override public Severity severity() { return Severity.INFO; }

    @Override
    public void accept(Session s) {
        if (s.messages.size() != 1 || !s.greeted()) return;
        Burst b = byServer.computeIfAbsent(s.server(), k -> new Burst());
        Instant t = s.start;
        // sessions arrive in (roughly) time order; a window restarts when the gap exceeds WINDOW
        // without timestamps (raw mail.debug output) consecutive connections count as one window
        if (t != null && (b.windowStart == null || Duration.between(b.windowStart, t).compareTo(WINDOW) > 0 || t.isBefore(b.windowStart))) {
            b.windowStart = t;
            b.inWindow = 0;
        }
        b.inWindow++;
        b.best = Math.max(b.best, b.inWindow);
        b.total++;
        hitCount++;
        if (t != null) {
            if (b.first == null || t.isBefore(b.first)) b.first = t;
            if (b.last == null || t.isAfter(b.last)) b.last = t;
        }
        if (b.ids.size() < Hits.MAX_IDS) b.ids.add(s.id);
        if (s.source != null && !b.sources.contains(s.source) && b.sources.size() < 5) b.sources.add(s.source);
    }

    /** Every one-message connection counts; only servers with a burst become a finding. */
    @Override
    public long hitCount() {
        return hitCount;
    }

    @Override
    public List<Finding> findings(Messages t) {
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, Burst> e : byServer.entrySet()) {
            Burst b = e.getValue();
            if (b.best < MIN_CONNECTIONS) continue;
            out.add(new Finding(id(), severity(), title(t), b.total, e.getKey(), t.get(id() + ".explain", b.total, b.best),
                    t.get(id() + ".fix"), new Evidence(b.ids, b.total, b.first, b.last, b.total,
                    t.get(id() + ".sample", b.best, WINDOW.toSeconds()), b.sources)));
        }
        return out;
    }
}
