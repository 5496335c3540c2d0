package io.smtptrace.analyzer.i18n;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Properties;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The texts of one bundle in one language: {@code io/smtptrace/analyzer/i18n/<bundle>_<lang>.properties}, UTF-8,
 * {@link MessageFormat} placeholders ({@code {0}}, {@code {0,number,integer}}, {@code {0,choice,...}}).
 *
 * <p>Every feature keeps its texts in a bundle of its own (rules, report, inputs, ...), one file per language; the
 * bundle-completeness test fails when a key exists in one language and not the other, or when their placeholders
 * differ. A key missing at run time falls back to English, then to the key itself, so a gap is visible but never a
 * crash.
 */
public final class Messages {
    static final String DIR = "/io/smtptrace/analyzer/i18n/";
    private static final ConcurrentHashMap<String, Properties> CACHE = new ConcurrentHashMap<>();

    private final String bundle;
    private final Lang lang;
    private final Properties texts;
    private final Properties english;

    private Messages(String bundle, Lang lang) {
        this.bundle = bundle;
        this.lang = lang;
        this.texts = load(bundle, lang);
        this.english = lang == Lang.en ? texts : load(bundle, Lang.en);
    }

    public static Messages of(String bundle, Lang lang) {
        return new Messages(bundle, lang);
    }

    public Lang lang() {
        return lang;
    }

    public String bundle() {
        return bundle;
    }

    public boolean has(String key) {
        return texts.containsKey(key) || english.containsKey(key);
    }

    /** The text for {@code key}, its placeholders filled with {@code args} (formatted for the language). */
    public String get(String key, Object... args) {
        String pattern = texts.getProperty(key);
        if (pattern == null) pattern = english.getProperty(key);
        if (pattern == null) return key;
        if (args.length == 0 && pattern.indexOf('{') < 0) return pattern.replace("''", "'");
        return new MessageFormat(pattern, lang.locale()).format(args);
    }

    /** Every key of this bundle (English's keys: the completeness test keeps the languages identical). */
    public java.util.Set<String> keys() {
        return english.stringPropertyNames();
    }

    /**
     * The texts under {@code prefix} as a {@link ResourceBundle} (keys without the prefix), falling back to the texts
     * under {@code shared}: how picocli reads one command's help texts from a bundle that holds every command's. The
     * values are picocli's (no MessageFormat), so they are passed on as written.
     */
    public ResourceBundle resourceBundle(String prefix, String shared) {
        Properties all = texts;
        return new ResourceBundle() {
            @Override
            protected Object handleGetObject(String key) {
                String v = all.getProperty(prefix + key);
                if (v == null) v = english.getProperty(prefix + key);
                if (v == null) v = all.getProperty(shared + key);
                if (v == null) v = english.getProperty(shared + key);
                return v;
            }

            @Override
            public Enumeration<String> getKeys() {
                java.util.Set<String> keys = new java.util.TreeSet<>();
                for (String k : english.stringPropertyNames()) {
                    if (k.startsWith(prefix)) keys.add(k.substring(prefix.length()));
                    else if (k.startsWith(shared)) keys.add(k.substring(shared.length()));
                }
                return Collections.enumeration(keys);
            }
        };
    }

    static Properties load(String bundle, Lang lang) {
        return CACHE.computeIfAbsent(bundle + "_" + lang.name(), k -> {
            Properties p = new Properties();
            try (InputStream in = Messages.class.getResourceAsStream(DIR + k + ".properties")) {
                if (in != null) p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return p;
        });
    }
}
