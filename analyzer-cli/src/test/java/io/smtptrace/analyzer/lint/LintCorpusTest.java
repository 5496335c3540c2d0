package io.smtptrace.analyzer.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smtptrace.analyzer.support.Cli;

/** lint over the corpus of real-world-style files reports exactly the findings listed in expected-findings.txt. */
class LintCorpusTest {
    static final Path CORPUS = Path.of("src", "test", "resources", "lint-corpus");

    @Test
    void corpusGivesExactlyTheExpectedFindings() throws IOException {
        TreeSet<String> expected = new TreeSet<>();
        for (String l : Files.readAllLines(CORPUS.resolve("expected-findings.txt"))) {
            if (!l.isBlank() && !l.startsWith("#")) expected.add(l.strip());
        }
        TreeSet<String> got = new TreeSet<>();
        List<Path> inputs;
        try (Stream<Path> s = Files.list(CORPUS)) {
            inputs = s.filter(p -> !p.getFileName().toString().equals("expected-findings.txt")
                    && !p.getFileName().toString().equals("README.md")).sorted().toList();
        }
        assertThat(inputs).hasSizeGreaterThanOrEqualTo(10);
        for (Path in : inputs) {
            List<String> args = new ArrayList<>(List.of("lint", "--format", "json", "--lang", "en"));
            if (Files.isDirectory(in)) {
                try (Stream<Path> s = Files.list(in)) {
                    s.sorted().forEach(p -> args.add(p.toString()));
                }
            } else {
                args.add(in.toString());
            }
            Cli r = Cli.run(args.toArray(String[]::new));
            assertThat(r.err()).as(in.toString()).isEmpty();
            JsonNode root = new ObjectMapper().readTree(r.out());
            for (JsonNode f : root.get("findings")) {
                String file = CORPUS.relativize(Path.of(f.get("file").asText())).toString().replace('\\', '/');
                got.add(file + ":" + f.get("line").asInt() + " " + f.get("rule").asText());
            }
            boolean anyError = false;
            for (JsonNode f : root.get("findings")) anyError |= f.get("severity").asText().equals("error");
            assertThat(r.code()).as(in.toString()).isEqualTo(anyError ? 1 : 0);
        }
        assertThat(got).containsExactlyElementsOf(expected);
    }

    @Test
    void everyRuleIsExercisedByTheCorpus() throws IOException {
        String expected = Files.readString(CORPUS.resolve("expected-findings.txt"));
        for (LintRule r : Linter.rules()) assertThat(expected).as(r.id()).contains(" " + r.id());
    }
}
