package io.smtptrace.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileOutputStreamTest {

    @TempDir
    Path dir;

    @Test
    void rotatesOnlyBetweenLinesAndKeepsOneOlderFile() throws Exception {
        Path f = dir.resolve("t.jsonl");
        try (RotatingFileOutputStream out = new RotatingFileOutputStream(f, 100)) {
            for (int i = 0; i < 30; i++) {
                // a line written in pieces, as a JSON generator does: never split across files
                byte[] line = ("{\"line\":" + i + ",\"pad\":\"xxxxxxxxxxxxxxxxxxxx\"}").getBytes(StandardCharsets.UTF_8);
                out.write(line, 0, 10);
                out.write(line, 10, line.length - 10);
                out.write('\n');
            }
        }
        Path older = dir.resolve("t.jsonl.1");
        assertThat(older).exists();
        for (Path p : List.of(f, older)) {
            for (String l : Files.readAllLines(p)) {
                assertThat(l).startsWith("{\"line\":").endsWith("\"}");
            }
        }
        assertThat(Files.size(older)).isLessThan(100 + 60);
        // the newest lines survive, in order, ending with the last one written
        List<String> kept = new java.util.ArrayList<>(Files.readAllLines(older));
        kept.addAll(Files.readAllLines(f));
        assertThat(kept).isNotEmpty();
        assertThat(kept.get(kept.size() - 1)).contains("\"line\":29,");
        for (int i = 1; i < kept.size(); i++) {
            int prev = Integer.parseInt(kept.get(i - 1).replaceAll("\\D*(\\d+).*", "$1"));
            int cur = Integer.parseInt(kept.get(i).replaceAll("\\D*(\\d+).*", "$1"));
            assertThat(cur).isEqualTo(prev + 1);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(2);
        }
    }

    @Test
    void zeroMeansNoCap() throws Exception {
        Path f = dir.resolve("u.jsonl");
        try (RotatingFileOutputStream out = new RotatingFileOutputStream(f, 0)) {
            for (int i = 0; i < 100; i++) {
                out.write("0123456789\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
        assertThat(Files.size(f)).isEqualTo(1100);
        assertThat(dir.resolve("u.jsonl.1")).doesNotExist();
    }

    @Test
    void aPartialLineLeftByAnEarlierRunIsNeverContinued() throws Exception {
        Path f = dir.resolve("p.jsonl");
        Files.writeString(f, "{\"whole\":1}\n{\"cut\":");
        try (RotatingFileOutputStream out = new RotatingFileOutputStream(f, 0)) {
            out.write("{\"next\":2}\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(Files.readAllLines(f)).containsExactly("{\"whole\":1}", "{\"cut\":", "{\"next\":2}");
    }
}
