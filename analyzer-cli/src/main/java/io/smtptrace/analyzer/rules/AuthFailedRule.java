package io.smtptrace.analyzer.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;

/**
 * AUTH rejected (535/534/538 and relatives); repeated failures risk an account lockout. Each failed attempt counts
 * with its own mechanism and reply code, so a LOGIN and an XOAUTH2 failure are named as such.
 */
public final class AuthFailedRule extends AbstractRule {
    private static final String MECH = "mech:";
    private static final String CODE = "code:";

    @Override public String id() { return "auth-failed"; }
    @Override public Severity severity() { return Severity.ERROR; }

    @Override
    public void accept(Session s) {
        if (!"failure".equals(s.authOutcome)) return;
        // each AUTH command and the last reply of its exchange (the AUTH's own, or that of its 334 continuations)
        boolean any = false;
        Exchange cmd = null;
        Exchange last = null;
        for (Exchange e : s.exchanges) {
            if (e.is("AUTH")) {
                any |= attempt(s, cmd, last);
                cmd = e;
                last = e;
            } else if (cmd != null && Exchange.AUTH_CONTINUATION.equals(e.type)) {
                last = e;
            }
        }
        any |= attempt(s, cmd, last);
        if (!any) {
            // the input has no failed AUTH exchange (a debug log without mail.debug.auth): the connection's own facts
            String code = s.authReplyCode == null ? null : String.valueOf(s.authReplyCode);
            Hits.Agg a = code != null ? hits.hit(s, s.start, code) : hits.hitDescribed(s, s.start, id() + ".sample");
            record(a, s.authMechanism, code);
        }
    }

    private boolean attempt(Session s, Exchange cmd, Exchange last) {
        if (cmd == null || last.replyCode == null || last.replyCode < 400) return false;
        String mech = mechanism(cmd.line);
        Hits.Agg a = hits.hit(s, last.time != null ? last.time : cmd.time, last.replyText());
        record(a, mech != null ? mech : s.authMechanism, String.valueOf(last.replyCode));
        return true;
    }

    private static void record(Hits.Agg a, String mech, String code) {
        a.facts.merge(MECH + (mech == null ? "?" : mech), "1", (x, y) -> String.valueOf(Integer.parseInt(x) + 1));
        if (code != null) a.facts.putIfAbsent(CODE + code, code);
    }

    /** "AUTH LOGIN" / "AUTH XOAUTH2 [redacted]" -> LOGIN / XOAUTH2. */
    static String mechanism(String line) {
        if (line == null) return null;
        String[] p = line.trim().split("\\s+");
        return p.length > 1 ? p[1].toUpperCase(Locale.ROOT) : null;
    }

    private static List<String> codes(Hits.Agg a) {
        List<String> l = new ArrayList<>();
        for (String k : a.facts.keySet()) if (k.startsWith(CODE)) l.add(k.substring(CODE.length()));
        return l;
    }

    @Override
    protected String explain(Hits.Agg a, Messages t) {
        List<String> mechs = new ArrayList<>();
        boolean xoauth2 = false;
        for (Map.Entry<String, String> f : a.facts.entrySet()) {
            if (!f.getKey().startsWith(MECH)) continue;
            String mech = f.getKey().substring(MECH.length());
            xoauth2 |= mech.equals("XOAUTH2") || mech.equals("OAUTHBEARER");
            mechs.add(text(t, "mechanism", mech, Integer.parseInt(f.getValue())));
        }
        List<String> parts = new ArrayList<>();
        parts.add(text(t, "explain", a.count, a.sessionCount, String.join(t.get("list.separator"), mechs)));
        for (String code : codes(a)) {
            String key = switch (code) {
                case "534", "535", "538", "454" -> "why." + code;
                default -> "why.other";
            };
            parts.add(text(t, key, code));
        }
        if (xoauth2) parts.add(text(t, "why.oauth"));
        if (a.count >= 3) parts.add(text(t, "explain.lockout"));
        return sentences(parts.toArray(String[]::new));
    }

    @Override
    protected String fix(Hits.Agg a, Messages t) {
        List<String> codes = codes(a);
        if (codes.contains("538")) return text(t, "fix.538");
        if (codes.contains("534")) return text(t, "fix.534");
        return text(t, "fix");
    }
}
