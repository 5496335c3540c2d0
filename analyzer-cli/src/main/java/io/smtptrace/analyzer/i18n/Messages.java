package io.smtptrace.analyzer.i18n;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Properties;
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
