package io.smtptrace.analyzer.rules;

import java.util.Locale;

import io.smtptrace.analyzer.model.Exchange;

/** Classification of replies shared by rules: code + enhanced code + text, never the three digits alone. */
public final class Replies {
    private Replies() {}

    public static String text(Exchange e) {
        return e.replyAll().toLowerCase(Locale.ROOT);
    }

    public static boolean starttlsRequired(Exchange e) {
        if (e.replyCode == null || e.replyCode != 530 && e.replyCode != 554 && e.replyCode != 550) return false;
        String t = text(e);
        return t.contains("starttls") || t.contains("must issue a starttls") || "5.7.11".equals(e.enhancedCode)
                || "5.7.10".equals(e.enhancedCode) || (t.contains("tls") && t.contains("required")) || t.contains("encryption required");
    }

    /** 530 (or vendor equivalents) because the client did not authenticate. */
    public static boolean authRequired(Exchange e) {
        if (e.replyCode == null || starttlsRequired(e)) return false;
        String t = text(e);
        if (e.replyCode == 530) return true;
        return (e.replyCode == 550 || e.replyCode == 554 || e.replyCode == 553)
                && ("5.7.57".equals(e.enhancedCode) || t.contains("not authenticated") || t.contains("authentication required"));
    }

    public static boolean relayDenied(Exchange e) {
        if (e.replyCode == null || e.replyCode < 500) return false;
        String t = text(e);
        return t.contains("relay") || (("5.7.1".equals(e.enhancedCode)) && (t.contains("access denied") || t.contains("not permitted")
                || t.contains("not allowed")));
    }

    public static boolean transientCode(Integer c) {
        return c != null && (c == 421 || (c >= 450 && c <= 459));
    }
}
