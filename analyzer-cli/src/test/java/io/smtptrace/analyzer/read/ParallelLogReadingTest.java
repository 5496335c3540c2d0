package io.smtptrace.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Session;

/**
 * What makes parallel reading of debug logs worth it: on a log of many conversations (the same-run capture repeated,
 * as a long-running service writes it), almost every piece's worker state meets the true state early, so its
 * conversations are taken and the piece is not read twice; and the result is still the line-by-line one.
 */
class ParallelLogReadingTest {
    @Test
    void piecesOfALongLogMeetTheTrueStateEarly() throws Exception {
        String one = Files.readString(Path.of("src/test/resources/same-run/all-rules-javax-1.6.2-mail-debug.log"));
        byte[] log = one.repeat(40).getBytes(StandardCharsets.UTF_8); // 3 MB, 1,080 conversations

        List<String> single = new ArrayList<>();
        StringWriter singleErr = new StringWriter();
        new DebugLogReader().read(new CharSource(new InputStreamReader(new ByteArrayInputStream(log), StandardCharsets.UTF_8)), "app.log",
                s -> single.add(describe(s)), new Diagnostics(new PrintWriter(singleErr, true)));

        List<String> parallel = new ArrayList<>();
        StringWriter parErr = new StringWriter();
        ParallelLogReading p = new ParallelLogReading("app.log", null, new Diagnostics(new PrintWriter(parErr, true)), 64 * 1024, 2);
        p.read(new ByteArrayInputStream(log), 0, s -> parallel.add(describe(s)));

        assertThat(parallel).isEqualTo(single);
        assertThat(parErr.toString()).isEqualTo(singleErr.toString());
        long pieces = p.met + p.reread;
        assertThat(pieces).isGreaterThan(30);
        assertThat(p.reread).as("pieces read twice").isLessThanOrEqualTo(1);
        // the true state reads a piece's first lines only up to the end of one conversation or so
        assertThat(p.linesReread).as("lines read twice, of %d", log.length / 60).isLessThan(pieces * 200);
    }

    private static String describe(Session s) {
        return s.id + " " + s.host + " " + s.clientLibrary + " " + s.clientLibraryVersion + " " + s.endReason + " " + s.exchanges.size()
                + " " + s.messages.size() + " " + s.exceptions + " " + s.partial;
    }
}
