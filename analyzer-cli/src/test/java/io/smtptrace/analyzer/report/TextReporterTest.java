package io.smtptrace.analyzer.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TextReporterTest {

    @Test
    void fewServersAreListedInFull() {
        assertThat(TextReporter.servers(List.of("a:25", "b:587"))).isEqualTo("a:25, b:587");
    }

    @Test
    void manyServersAreCutAfterEightWithTheRestCounted() {
        List<String> many = IntStream.range(0, 30_000).mapToObj(i -> "localhost:" + i).collect(Collectors.toList());
        assertThat(TextReporter.servers(many))
                .startsWith("localhost:0, localhost:1,")
                .contains("localhost:7 (+29,992 more; all in --format json)")
                .doesNotContain("localhost:8,");
    }
}
