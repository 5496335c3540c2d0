package io.smtptrace.analyzer.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Session;

/** All rules, fresh per run; feeds sessions and collects findings. */
public final class Rules {
    private final List<Rule> rules;
    private long sessions;

    public Rules() {
        rules = List.of(new AuthRequiredRule(), new StarttlsRequiredRule(), new AuthFailedRule(), new BodyRejectedAfterDataRule(),
                new BodyAbortedAfterDataRule(), new RelayDeniedRule(), new RecipientRejectedRule(), new SenderRejectedRule(),
                new ImplicitTlsOnStarttlsPortRule(), new PlaintextOnTlsPortRule(), new TlsHandshakeFailedRule(),
                new AuthOverPlaintextRule(), new ConnectionPerMessageRule(), new TransientFailuresRule(), new ProtocolErrorRule(),
                new SlowServerRule());
    }

    public List<Rule> rules() {
        return rules;
    }

    public void accept(Session s) {
        sessions++;
        for (Rule r : rules) r.accept(s);
    }

    /** Feeds one session and returns the ids of the rules it hit (empty when none). */
    public List<String> acceptTagged(Session s) {
        sessions++;
        List<String> hit = List.of();
        for (Rule r : rules) {
            long before = r.hitCount();
            r.accept(s);
            if (r.hitCount() != before) {
                if (hit.isEmpty()) hit = new ArrayList<>(2);
                hit.add(r.id());
            }
        }
        return hit;
    }

    public long sessions() {
        return sessions;
    }

    /** Findings in English. */
    public List<Finding> findings() {
        return findings(Lang.en);
    }

    /** Findings, most severe first, then by count; their texts in {@code lang}, ids and order the same in every language. */
    public List<Finding> findings(Lang lang) {
        Messages texts = Messages.of("rules", lang);
        List<Finding> all = new ArrayList<>();
        for (Rule r : rules) all.addAll(r.findings(texts));
        all.sort(Comparator.comparing(Finding::severity).reversed().thenComparing(Comparator.comparingInt(Finding::count).reversed())
                .thenComparing(Finding::rule).thenComparing(Finding::server));
        return all;
    }
}
