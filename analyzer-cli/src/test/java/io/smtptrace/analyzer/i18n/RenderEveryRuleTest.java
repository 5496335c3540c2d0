package io.smtptrace.analyzer.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.read.Diagnostics;
import io.smtptrace.analyzer.read.Inputs;
import io.smtptrace.analyzer.rules.Finding;
import io.smtptrace.analyzer.rules.Rule;
import io.smtptrace.analyzer.rules.Rules;

/**
 * Every rule's finding, rendered in every language from real captures (agent traces, debug logs, Postfix samples):
 * the same findings (rule, severity, count, server, evidence) in each language, and texts that are complete and
 * translated.
 */
class RenderEveryRuleTest {
    private static final Path CAPTURES = Path.of("src/test/resources");
    /** a placeholder left unfilled, a missing key shown as itself, or a null that leaked into a sentence */
    private static final Pattern BROKEN = Pattern.compile("\\{\\d|\\bnull\\b|^[a-z-]+\\.[a-zA-Z.-]+$");

    static List<Path> captures() throws IOException {
        try (Stream<Path> s = Files.walk(CAPTURES)) {
            return s.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(jsonl|json|log)$")).sorted().toList();
        }
    }

    static List<Finding> analyse(Path capture, Lang lang) {
        Rules rules = new Rules();
        new Inputs(new Diagnostics(new PrintWriter(new StringWriter())), System.in, null).readAll(List.of(capture.toString()), rules::accept);
        return rules.findings(lang);
    }

    @Test
    void everyRuleIsRenderedInEveryLanguageFromRealCaptures() throws IOException {
        Set<String> rendered = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Path capture : captures()) {
            List<Finding> en = analyse(capture, Lang.en);
            for (Lang lang : Lang.values()) {
                List<Finding> other = lang == Lang.en ? en : analyse(capture, lang);
                assertThat(other).as(capture + " " + lang).hasSameSizeAs(en);
                for (int i = 0; i < en.size(); i++) {
                    Finding e = en.get(i);
                    Finding f = other.get(i);
                    String where = capture.getFileName() + " " + lang + " " + f.rule() + ": ";
                    // what a program reads never changes with the language
                    assertThat(f.rule()).isEqualTo(e.rule());
                    assertThat(f.severity()).isEqualTo(e.severity());
                    assertThat(f.count()).isEqualTo(e.count());
                    assertThat(f.server()).isEqualTo(e.server());
                    assertThat(f.evidence().sessions()).isEqualTo(e.evidence().sessions());
                    for (String text : new String[] {f.title(), f.explanation(), f.fix(), f.evidence().sample()}) {
                        if (text == null || text.isBlank() || BROKEN.matcher(text).find()) problems.add(where + "broken text: " + text);
                    }
                    if (lang != Lang.en) {
                        if (f.title().equals(e.title())) problems.add(where + "title not translated: " + f.title());
                        if (f.explanation().equals(e.explanation())) problems.add(where + "explanation not translated");
                        if (f.fix().equals(e.fix())) problems.add(where + "fix not translated");
                        // English prose left in an Indonesian sentence (quoted replies and exceptions have no " the ")
                        if ((f.explanation() + " " + f.fix()).contains(" the ")) problems.add(where + "English words: " + f.explanation() + " / " + f.fix());
                    }
                    rendered.add(f.rule());
                }
            }
        }
        assertThat(problems).isEmpty();
        Set<String> all = new TreeSet<>();
        for (Rule r : new Rules().rules()) all.add(r.id());
        assertThat(rendered).as("rules rendered from real captures").isEqualTo(all);
    }

    @Test
    void everyRuleHasATitleInEveryLanguage() {
        for (Lang lang : Lang.values()) {
            Messages t = Messages.of("rules", lang);
            for (Rule r : new Rules().rules()) {
                assertThat(t.keys()).as(r.id() + " " + lang).contains(r.id() + ".title");
                assertThat(r.title(t)).as(r.id()).isNotBlank().doesNotContain(r.id());
            }
        }
    }
}
