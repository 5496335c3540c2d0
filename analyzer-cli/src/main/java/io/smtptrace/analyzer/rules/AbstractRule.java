package io.smtptrace.analyzer.rules;

import java.util.ArrayList;
import java.util.List;

/** Common plumbing: hits per server become one finding each, with text from {@link #explain} and {@link #fix}. */
public abstract class AbstractRule implements Rule {
    protected final Hits hits = new Hits();

    protected abstract String explain(Hits.Agg a);

    protected abstract String fix(Hits.Agg a);

    /** Severity of one aggregated finding; rules may escalate or soften by count. */
    protected Severity severityFor(Hits.Agg a) {
        return severity();
    }

    @Override
    public long hitCount() {
        return hits.total();
    }

    @Override
    public List<Finding> findings() {
        List<Finding> out = new ArrayList<>();
        for (Hits.Agg a : hits.all()) {
            out.add(new Finding(id(), severityFor(a), title(), a.count, a.server, explain(a), fix(a), Hits.evidence(a)));
        }
        return out;
    }

    protected static String times(int n) {
        return n == 1 ? "once" : n + " times";
    }

    /** "" for one, " (N times)" otherwise: for sentences that read badly with "once". */
    protected static String repeated(int n, String what) {
        return n == 1 ? "" : " (" + n + " " + what + ")";
    }
}
