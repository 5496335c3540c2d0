package io.smtptrace.analyzer.explain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The catalogue of SMTP reply codes and enhanced status codes, in every language, loaded from
 * {@code replies.json}: texts are data, not code.
 */
public final class ReplyCatalogue {
    public static final List<String> LANGUAGES = List.of("en", "id");

    /** One explained code. */
    public record Entry(String code, String kind, String classDigit, String className, String classDescription,
                        String subject, String meaning, String when, String fix, boolean generic) {
    }

    private final JsonNode root;

    private ReplyCatalogue(JsonNode root) {
        this.root = root;
    }

    public static ReplyCatalogue load() {
        try (InputStream in = ReplyCatalogue.class.getResourceAsStream("replies.json")) {
            if (in == null) throw new IllegalStateException("replies.json missing from the class path");
            return new ReplyCatalogue(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> replyCodes() {
        List<String> l = new ArrayList<>();
        root.get("codes").fieldNames().forEachRemaining(l::add);
        return l;
    }

    public List<String> enhancedCodes() {
        List<String> l = new ArrayList<>();
        root.get("enhanced").fieldNames().forEachRemaining(l::add);
        return l;
    }

    public String label(String lang, String key) {
        return root.path("labels").path(lang).path(key).asText(key);
    }

    /** Looks a code up: a three-digit reply code, or an enhanced status code such as 5.7.0 / X.7.1. */
    public Optional<Entry> lookup(String raw, String lang) {
        String code = raw.trim().toUpperCase(Locale.ROOT);
        if (code.matches("\\d{3}")) {
            JsonNode n = root.path("codes").path(code);
            if (n.isMissingNode()) return Optional.empty();
            JsonNode t = n.path(lang);
            String cls = code.substring(0, 1);
            return Optional.of(new Entry(code, "reply", cls, className(cls, lang), classDescription(cls, lang), null,
                    t.path("meaning").asText(), t.path("when").asText(), t.path("fix").asText(), false));
        }
        if (code.matches("[245X]\\.\\d{1,3}\\.\\d{1,3}")) {
            String[] p = code.split("\\.");
            String cls = p[0];
            String subject = root.path("subjects").path(p[1]).path(lang).asText(null);
            if (subject == null) return Optional.empty();
            JsonNode n = root.path("enhanced").path(code);
            if (n.isMissingNode()) n = root.path("enhanced").path("X." + p[1] + "." + p[2]);
            boolean generic = false;
            if (n.isMissingNode()) {
                n = root.path("enhanced").path("X." + p[1] + ".0");
                generic = true;
            }
            JsonNode t = n.path(lang);
            String clsName = "X".equals(cls) ? "4/5" : className(cls, lang);
            String clsDesc = "X".equals(cls) ? classDescription("4", lang) + " / " + classDescription("5", lang) : classDescription(cls, lang);
            String meaning = t.path("meaning").asText("");
            if (generic) meaning = meaning + " " + label(lang, "generic");
            return Optional.of(new Entry(code, "enhanced", cls, clsName, clsDesc, subject, meaning.trim(),
                    t.path("when").asText(""), t.path("fix").asText(""), generic));
        }
        return Optional.empty();
    }

    public String className(String digit, String lang) {
        return root.path("classes").path(digit).path(lang).path("name").asText("?");
    }

    public String classDescription(String digit, String lang) {
        return root.path("classes").path(digit).path(lang).path("description").asText("");
    }

    /** The main difference between two codes: a curated text when there is one, else built from class and meaning. */
    public String compare(Entry a, Entry b, String lang) {
        for (Iterator<JsonNode> it = root.path("pairs").elements(); it.hasNext(); ) {
            JsonNode pair = it.next();
            List<String> codes = new ArrayList<>();
            pair.path("codes").forEach(c -> codes.add(c.asText()));
            if (codes.contains(a.code()) && codes.contains(b.code()) && !a.code().equals(b.code())) return pair.path(lang).asText();
        }
        JsonNode tpl = root.path("compare").path(lang);
        if (a.classDigit().equals(b.classDigit())) {
            return tpl.path("sameClass").asText().replace("{class}", a.className()).replace("{a}", a.code()).replace("{b}", b.code())
                    .replace("{ma}", a.meaning()).replace("{mb}", b.meaning());
        }
        return tpl.path("diffClass").asText().replace("{a}", a.code()).replace("{b}", b.code()).replace("{ca}", a.className())
                .replace("{cb}", b.className()).replace("{da}", lower(a.classDescription())).replace("{db}", lower(b.classDescription()))
                .replace("{ma}", a.meaning()).replace("{mb}", b.meaning());
    }

    private static String lower(String s) {
        if (s.isEmpty()) return s;
        String t = Character.toLowerCase(s.charAt(0)) + s.substring(1);
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}
