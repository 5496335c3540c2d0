package io.smtptrace.analyzer.rules;

import java.util.ArrayList;
import java.util.List;

import io.smtptrace.analyzer.i18n.Messages;

/**
 * Common plumbing: hits per server become one finding each; the rule's facts are phrased by {@link #explain} and
 * {@link #fix} from the {@code rules} bundle.
 */
public abstract class AbstractRule implements Rule {
    protected final Hits hits = new Hits();

    protected abstract String explain(Hits.Agg a, Messages t);

    protected abstract String fix(Hits.Agg a, Messages t);

    /** Severity of one aggregated finding; rules may escalate or soften by count. */
    protected Severity severityFor(Hits.Agg a) {
        return severity();
    }

    @Override
    public long hitCount() {
        return hits.total();
    }

    @Override
    public List<Finding> findings(Messages t) {
        List<Finding> out = new ArrayList<>();
        for (Hits.Agg a : hits.all()) {
            out.add(new Finding(id(), severityFor(a), title(t), a.count, a.server, explain(a, t), fix(a, t), Hits.evidence(a, t)));
        }
        return out;
    }

    /** The text of {@code <id>.<key>}. */
    protected String text(Messages t, String key, Object... args) {
        return t.get(id() + "." + key, args);
    }

    /** "" for one, else " (N what)" from {@code count.<what>}: for sentences that read badly with "once". */
    protected static String repeated(Messages t, int n, String what) {
        return n == 1 ? "" : " " + t.get("count." + what, n);
    }

    /** Sentences joined by a space, the empty and null ones left out. */
    protected static String sentences(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (p == null || p.isEmpty()) continue;
            if (b.length() > 0) b.append(' ');
            b.append(p);
        }
        return b.toString();
    }
}
