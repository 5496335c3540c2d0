package io.smtptrace.analyzer.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every bundle exists in every language, with the same keys and the same placeholders, and every pattern parses. */
class BundleCompletenessTest {
    private static final Path DIR = Path.of("src/main/resources/io/smtptrace/analyzer/i18n");
    private static final Pattern FILE = Pattern.compile("(.+)_([a-z]{2})\\.properties");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)");

    @Test
    void everyKeyInEveryLanguageWithTheSamePlaceholders() throws IOException {
        Map<String, Map<String, Properties>> bundles = new TreeMap<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher m = FILE.matcher(f.getFileName().toString());
                if (!m.matches()) continue;
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                bundles.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(m.group(2), p);
            }
        }
        assertThat(bundles).containsKey("common");
        List<String> problems = new ArrayList<>();
        for (var b : bundles.entrySet()) {
            for (Lang lang : Lang.values()) {
                if (!b.getValue().containsKey(lang.name())) problems.add(b.getKey() + ": no " + lang + " file");
            }
            Properties en = b.getValue().get("en");
            if (en == null) continue;
            for (var l : b.getValue().entrySet()) {
                Properties other = l.getValue();
                Set<String> missing = new TreeSet<>(en.stringPropertyNames());
                missing.removeAll(other.stringPropertyNames());
                Set<String> extra = new TreeSet<>(other.stringPropertyNames());
                extra.removeAll(en.stringPropertyNames());
                if (!missing.isEmpty()) problems.add(b.getKey() + "_" + l.getKey() + " lacks " + missing);
                if (!extra.isEmpty()) problems.add(b.getKey() + "_" + l.getKey() + " has keys English lacks: " + extra);
                for (String k : other.stringPropertyNames()) {
                    String text = other.getProperty(k);
                    if (text.isBlank()) problems.add(b.getKey() + "_" + l.getKey() + ": " + k + " is empty");
                    try {
                        new MessageFormat(text);
                    } catch (IllegalArgumentException e) {
                        problems.add(b.getKey() + "_" + l.getKey() + ": " + k + " is not a valid MessageFormat: " + e.getMessage());
                    }
                    if (en.containsKey(k) && !placeholders(en.getProperty(k)).equals(placeholders(text))) {
                        problems.add(b.getKey() + "_" + l.getKey() + ": " + k + " has placeholders " + placeholders(text)
                                + ", English has " + placeholders(en.getProperty(k)));
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private static Set<String> placeholders(String text) {
        Set<String> s = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) s.add(m.group(1));
        return s;
    }

    @Test
    void languageFromTheEnvironmentLikePosixTools() {
        assertThat(Lang.resolve(null, Map.of())).isEqualTo(Lang.en);
        assertThat(Lang.resolve(null, Map.of("LANG", "id_ID.UTF-8"))).isEqualTo(Lang.id);
        assertThat(Lang.resolve(null, Map.of("LANG", "id_ID.UTF-8", "LC_ALL", "en_US.UTF-8"))).isEqualTo(Lang.en);
        assertThat(Lang.resolve(null, Map.of("LANG", "en_US.UTF-8", "LC_MESSAGES", "id"))).isEqualTo(Lang.id);
        assertThat(Lang.resolve(null, Map.of("LC_ALL", "", "LANG", "id_ID"))).isEqualTo(Lang.id);
        assertThat(Lang.resolve(null, Map.of("LANG", "C.UTF-8"))).isEqualTo(Lang.en);
        assertThat(Lang.resolve(null, Map.of("LANG", "in_ID"))).isEqualTo(Lang.id);
        assertThat(Lang.resolve(Lang.en, Map.of("LANG", "id_ID.UTF-8"))).isEqualTo(Lang.en);
    }

    @Test
    void missingKeysFallBackToEnglishThenTheKey() {
        assertThat(Messages.of("common", Lang.id).get("language.name")).isEqualTo("Bahasa Indonesia");
        assertThat(Messages.of("common", Lang.id).get("no.such.key")).isEqualTo("no.such.key");
    }
}
