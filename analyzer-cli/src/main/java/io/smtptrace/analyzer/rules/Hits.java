package io.smtptrace.analyzer.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Session;

/** Bounded aggregation of rule hits per server: counts, first/last time, a few session ids, a sample line, notes. */
public final class Hits {
    public static final int MAX_IDS = 10;

    public static final class Agg {
        public final String server;
        public int count;
        public int sessionCount;
        public Instant first;
        public Instant last;
        public String sample;
        /** a sample the rule describes (no reply line to quote): a {@code rules} key and its arguments */
        public String sampleKey;
        public Object[] sampleArgs;
        public final Set<String> sessions = new LinkedHashSet<>();
        public final Set<String> sources = new LinkedHashSet<>();
        /** rule-specific facts (first value wins), e.g. a cause, an advertised SIZE */
        public final Map<String, String> facts = new LinkedHashMap<>();
        private String lastSession;

        Agg(String server) {
            this.server = server;
        }

        public String fact(String k) {
            return facts.get(k);
        }
    }

    private final Map<String, Agg> byServer = new LinkedHashMap<>();
    private long total;

    public Agg hit(Session s, Instant when, String sample) {
        Agg a = byServer.computeIfAbsent(s.server(), Agg::new);
        a.count++;
        total++;
        if (!s.id.equals(a.lastSession) && !a.sessions.contains(s.id)) {
            a.sessionCount++;
            if (a.sessions.size() < MAX_IDS) a.sessions.add(s.id);
        }
        a.lastSession = s.id;
        if (s.source != null && a.sources.size() < 5) a.sources.add(s.source);
        Instant t = when != null ? when : s.start;
        if (t != null) {
            if (a.first == null || t.isBefore(a.first)) a.first = t;
            if (a.last == null || t.isAfter(a.last)) a.last = t;
        }
        if (a.sample == null && sample != null && !sample.isBlank()) a.sample = sample;
        return a;
    }

    /** A hit whose evidence is described, not quoted: {@code key} in the {@code rules} bundle, phrased at report time. */
    public Agg hitDescribed(Session s, Instant when, String key, Object... args) {
        Agg a = hit(s, when, null);
        if (a.sample == null && a.sampleKey == null) {
            a.sampleKey = key;
            a.sampleArgs = args;
        }
        return a;
    }

    /** Hits over all servers. */
    public long total() {
        return total;
    }

    public List<Agg> all() {
        return new ArrayList<>(byServer.values());
    }

    public static Evidence evidence(Agg a, Messages t) {
        String sample = a.sample != null ? a.sample : a.sampleKey != null ? t.get(a.sampleKey, a.sampleArgs) : null;
        return new Evidence(new ArrayList<>(a.sessions), a.sessionCount, a.first, a.last, a.count, sample, new ArrayList<>(a.sources));
    }
}
