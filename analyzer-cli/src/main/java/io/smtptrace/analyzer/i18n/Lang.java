package io.smtptrace.analyzer.i18n;

import java.util.Locale;
import java.util.Map;

/**
 * The languages the analyzer speaks. Rule ids, JSON keys and exit codes never depend on it; only the texts a person
 * reads do.
 */
public enum Lang {
    en(Locale.ENGLISH), id(Locale.forLanguageTag("id"));

    private final Locale locale;

    Lang(Locale locale) {
        this.locale = locale;
    }

    public Locale locale() {
        return locale;
    }

    /**
     * The language asked for with {@code --lang}, else the one the environment names the way POSIX tools read it
     * ({@code LC_ALL}, then {@code LC_MESSAGES}, then {@code LANG}; the first one set and non-empty wins), else English.
     */
    public static Lang resolve(Lang option, Map<String, String> env) {
        if (option != null) return option;
        for (String var : new String[] {"LC_ALL", "LC_MESSAGES", "LANG"}) {
            String v = env.get(var);
            if (v == null || v.isEmpty()) continue;
            return fromLocaleName(v);
        }
        return en;
    }

    /** {@code id_ID.UTF-8}, {@code id}, {@code in_ID} (Java's old code) are Indonesian; anything else is English. */
    static Lang fromLocaleName(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        int cut = s.length();
        for (char c : new char[] {'_', '-', '.', '@'}) {
            int i = s.indexOf(c);
            if (i >= 0 && i < cut) cut = i;
        }
        String language = s.substring(0, cut);
        return language.equals("id") || language.equals("in") ? id : en;
    }
}
