package io.smtptrace.analyzer.explain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.i18n.Messages;

/**
 * The catalogue of SMTP reply codes and enhanced status codes, in every language: the {@code explain} bundle, read by
 * the same loader as every other text (so the bundle-completeness test also checks that every code is explained in
 * every language). Keys: {@code class.<digit>.name|description}, {@code subject.<n>}, {@code code.<reply>.meaning|when|fix},
 * {@code enhanced.<X.s.d>.meaning|when|fix}, {@code pair.<a>-<b>.difference|choose} for curated comparisons, and
 * {@code compare.*} / {@code choose.<class><class>} templates for every other pair.
 */
public final class ReplyCatalogue {
    public static final List<String> LANGUAGES = List.of("en", "id");
    private static final ReplyCatalogue INSTANCE = new ReplyCatalogue();

    /** One explained code. */
    public record Entry(String code, String kind, String classDigit, String className, String classDescription,
                        String subject, String meaning, String when, String fix, boolean generic) {
    }

    private ReplyCatalogue() {
    }

    public static ReplyCatalogue load() {
        return INSTANCE;
    }

    private static Messages texts(String lang) {
        return Messages.of("explain", Lang.valueOf(lang));
    }

    private static List<String> codes(String prefix) {
        List<String> l = new ArrayList<>();
        for (String k : texts("en").keys()) {
            if (k.startsWith(prefix) && k.endsWith(".meaning")) l.add(k.substring(prefix.length(), k.length() - ".meaning".length()));
        }
        l.sort(Comparator.comparing((String c) -> c.replaceAll("\\d+", "")).thenComparing(c -> {
            StringBuilder b = new StringBuilder();
            for (String p : c.split("\\.")) b.append(String.format("%4s", p));
            return b.toString();
        }));
        return l;
    }

    public List<String> replyCodes() {
        return codes("code.");
    }

    public List<String> enhancedCodes() {
        return codes("enhanced.");
    }

    public String label(String lang, String key) {
        return texts(lang).get("label." + key);
    }

    /** Looks a code up: a three-digit reply code, or an enhanced status code such as 5.7.0 / X.7.1. */
    public Optional<Entry> lookup(String raw, String lang) {
        Messages t = texts(lang);
        String code = raw.trim().toUpperCase(Locale.ROOT);
        if (code.matches("\\d{3}")) {
            String k = "code." + code + ".";
            if (!t.has(k + "meaning")) return Optional.empty();
            String cls = code.substring(0, 1);
            return Optional.of(new Entry(code, "reply", cls, className(cls, lang), classDescription(cls, lang), null,
                    t.get(k + "meaning"), t.get(k + "when"), t.get(k + "fix"), false));
        }
        if (code.matches("[245X]\\.\\d{1,3}\\.\\d{1,3}")) {
            String[] p = code.split("\\.");
            String cls = p[0];
            if (!t.has("subject." + p[1])) return Optional.empty();
            String subject = t.get("subject." + p[1]);
            String k = "enhanced." + code + ".";
            if (!t.has(k + "meaning")) k = "enhanced.X." + p[1] + "." + p[2] + ".";
            boolean generic = false;
            if (!t.has(k + "meaning")) {
                k = "enhanced.X." + p[1] + ".0.";
                generic = true;
            }
            String clsName = "X".equals(cls) ? "4/5" : className(cls, lang);
            String clsDesc = "X".equals(cls) ? classDescription("4", lang) + " / " + classDescription("5", lang) : classDescription(cls, lang);
            String meaning = t.get(k + "meaning");
            if (generic) meaning = meaning + " " + label(lang, "generic");
            return Optional.of(new Entry(code, "enhanced", cls, clsName, clsDesc, subject, meaning.trim(), t.get(k + "when"),
                    t.get(k + "fix"), generic));
        }
        return Optional.empty();
    }

    public String className(String digit, String lang) {
        return texts(lang).has("class." + digit + ".name") ? texts(lang).get("class." + digit + ".name") : "?";
    }

    public String classDescription(String digit, String lang) {
        return texts(lang).has("class." + digit + ".description") ? texts(lang).get("class." + digit + ".description") : "";
    }

    /** The curated pair key of two codes (in either order), or null. */
    private static String pair(Entry a, Entry b, Messages t) {
        if (a.code().equals(b.code())) return null;
        for (String k : new String[] {"pair." + a.code() + "-" + b.code(), "pair." + b.code() + "-" + a.code()}) {
            if (t.has(k + ".difference")) return k;
        }
        return null;
    }

    /** The main difference between two codes: a curated text when there is one, else built from class and meaning. */
    public String compare(Entry a, Entry b, String lang) {
        Messages t = texts(lang);
        String pair = pair(a, b, t);
        if (pair != null) return t.get(pair + ".difference");
        if (a.classDigit().equals(b.classDigit())) {
            return t.get("compare.sameClass", a.className(), a.code(), a.meaning(), b.code(), b.meaning());
        }
        return t.get("compare.diffClass", a.code(), a.className(), lower(a.classDescription()), b.code(), b.className(),
                lower(b.classDescription()), a.meaning(), b.meaning());
    }

    /**
     * When which applies (the reference page's "Kapan Menggunakan Yang Mana"): what to do on seeing one or the other.
     * Curated for the pairs people confuse, else from the two classes: success, go on, retry later, change first.
     */
    public String choose(Entry a, Entry b, String lang) {
        Messages t = texts(lang);
        String pair = pair(a, b, t);
        if (pair != null) return t.get(pair + ".choose");
        Entry low = rank(a) <= rank(b) ? a : b;
        Entry high = low == a ? b : a;
        String key = "choose." + rank(low) + rank(high);
        // same-class templates quote what tells the two apart: the meaning for success or transient, the fix for permanent
        boolean useFix = rank(low) == 5 && rank(high) == 5;
        return t.get(key, low.code(), high.code(), useFix ? low.fix() : low.meaning(), useFix ? high.fix() : high.meaning());
    }

    /** The class digit; an enhanced X.s.d (transient or permanent) is treated as permanent, the stricter reading. */
    private static int rank(Entry e) {
        return "X".equals(e.classDigit()) ? 5 : Integer.parseInt(e.classDigit());
    }

    private static String lower(String s) {
        if (s.isEmpty()) return s;
        String t = Character.toLowerCase(s.charAt(0)) + s.substring(1);
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}
