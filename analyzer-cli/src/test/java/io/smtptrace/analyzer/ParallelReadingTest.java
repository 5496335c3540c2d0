package io.smtptrace.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.read.Diagnostics;
import io.smtptrace.analyzer.read.Inputs;
import io.smtptrace.analyzer.record.Recorder;
import io.smtptrace.analyzer.record.Recorder.Mode;
import io.smtptrace.analyzer.record.Scenario.Library;
import io.smtptrace.analyzer.rules.Rules;
import io.smtptrace.analyzer.support.LogForms;
import io.smtptrace.analyzer.support.SessionDump;

/**
 * Parallel reading (pieces cut at line ends, read on several threads, stitched in order) gives exactly what reading
 * line by line gives: the same conversations field by field, the same problems with the same file and line, the same
 * input status and the same JSON report. On every corpus of this module's tests (every recorded log in every wrapped
 * form, the Postfix samples, the agent traces, the fuzz inputs) with pieces of one line each (a piece boundary after
 * every line) and of a few sizes more, and on logs built so that conversations of several threads cross boundaries.
 */
class ParallelReadingTest {
    static final Path DIR = RecordedLogsTest.DIR.resolve("parallel");

    /** Everything a run of one input gives, as text. */
    record Run(String sessions, String problems, String status, String report) {}

    static Run run(Path file, int threads, int chunkBytes) throws Exception {
        StringWriter err = new StringWriter();
        Diagnostics diag = new Diagnostics(new PrintWriter(err, true));
        Rules rules = new Rules();
        StringBuilder sessions = new StringBuilder();
        io.smtptrace.analyzer.report.Summary summary = new io.smtptrace.analyzer.report.Summary();
        summary.inputs.add(file.toString());
        Inputs in = new Inputs(diag, null, null).parallelism(threads, chunkBytes, 0);
        in.read(file.toString(), s -> {
            sessions.append(SessionDump.of(s));
            sessions.append('\n');
            summary.accept(s);
            rules.accept(s);
        });
        diag.finish();
        summary.inputProblems = diag.warnings() + diag.unreadable();
        summary.status = diag.status();
        StringWriter report = new StringWriter();
        new io.smtptrace.analyzer.report.JsonReporter(io.smtptrace.analyzer.i18n.Lang.en).report(summary, rules.findings(), new PrintWriter(report));
        StringBuilder status = new StringBuilder();
        for (io.smtptrace.analyzer.read.InputStatus st : diag.status().inputs()) {
            status.append(st.name()).append(' ').append(st.state()).append(' ').append(st.sessions()).append(' ').append(st.problems())
                    .append(' ').append(st.error()).append(' ').append(st.errorLine()).append('\n');
        }
        return new Run(sessions.toString(), err.toString(), status.toString(), report.toString());
    }

    static void check(Path file) throws Exception {
        check(file, new int[][] {{2, 1}, {3, 1}, {2, 97}, {2, 4096}});
    }

    /** @param variants {threads, piece size}: size 1 cuts after every line */
    static void check(Path file, int[][] variants) throws Exception {
        Run single = run(file, 1, 1 << 20);
        for (int[] t : variants) {
            Run par = run(file, t[0], t[1]);
            String as = file + " threads " + t[0] + " pieces of " + t[1] + " bytes";
            assertThat(par.sessions()).as(as).isEqualTo(single.sessions());
            assertThat(par.problems()).as(as).isEqualTo(single.problems());
            assertThat(par.status()).as(as).isEqualTo(single.status());
            assertThat(par.report()).as(as).isEqualTo(single.report());
        }
    }

    static Stream<Path> staticCorpora() throws Exception {
        Path root = Path.of("src/test/resources");
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.toString().contains("lint-corpus"))
                    .filter(p -> !p.getFileName().toString().endsWith(".md") && !p.getFileName().toString().startsWith(".")
                            && !p.getFileName().toString().endsWith(".properties"))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("staticCorpora")
    void everyStoredCorpusReadsAlikeInParallel(Path file) throws Exception {
        check(file);
    }

    static Stream<Arguments> recorded() {
        List<Arguments> l = new ArrayList<>();
        for (Library lib : Library.values()) for (Mode m : Mode.values()) l.add(Arguments.of(lib, m));
        return l.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("recorded")
    void everyRecordedLogInEveryWrappedFormReadsAlikeInParallel(Library lib, Mode mode) throws Exception {
        Recorder.Recording r = RecordedLogsTest.record(lib, mode);
        check(r.file());
        if (mode.structured()) return;
        List<String> lines = Files.readAllLines(r.file(), StandardCharsets.UTF_8);
        for (LogForms f : LogForms.values()) {
            if (mode != Mode.PLAIN && f.rawOnly()) continue;
            // fewer variants: these logs are long, and the plain form above had all of them
            check(write(r.file().getFileName() + "." + f.name().toLowerCase() + ".log", f.wrap(lines)), new int[][] {{2, 1}, {3, 4096}});
        }
    }

    @Test
    void composeServicesInterleavedReadAlikeInParallel() throws Exception {
        for (Mode mode : Mode.values()) {
            if (mode.structured()) continue;
            Recorder.Recording a = RecordedLogsTest.record(Library.JAVAX_MAIL_1_6_2, mode);
            Recorder.Recording b = RecordedLogsTest.record(Library.ANGUS_MAIL_2_0_3, mode);
            check(write("compose-" + mode.name().toLowerCase() + ".log", LogForms.composeInterleaved(
                    Files.readAllLines(a.file(), StandardCharsets.UTF_8), "billing",
                    Files.readAllLines(b.file(), StandardCharsets.UTF_8), "alerts-worker")));
        }
    }

    /**
     * Several copies of every recorded log, the threads' lines of logback/JUL logs shuffled into each other (so that at
     * most boundaries some thread is inside a conversation), read with pieces of random sizes.
     */
    @Test
    void conversationsOfSeveralThreadsAcrossPieceBoundariesReadAlike() throws Exception {
        SplittableRandom rnd = new SplittableRandom(14);
        for (Mode mode : Mode.values()) {
            if (mode.structured()) continue;
            List<List<String>> logs = new ArrayList<>();
            for (Library lib : Library.values()) logs.add(Files.readAllLines(RecordedLogsTest.record(lib, mode).file(), StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (int copy = 0; copy < 3; copy++) {
                int[] at = new int[logs.size()];
                while (true) {
                    List<Integer> open = new ArrayList<>();
                    for (int i = 0; i < logs.size(); i++) if (at[i] < logs.get(i).size()) open.add(i);
                    if (open.isEmpty()) break;
                    int i = open.get(rnd.nextInt(open.size()));
                    int n = 1 + rnd.nextInt(6);
                    for (int k = 0; k < n && at[i] < logs.get(i).size(); k++) sb.append(logs.get(i).get(at[i]++)).append('\n');
                }
            }
            Path f = write("threads-" + mode.name().toLowerCase() + ".log", sb.toString());
            Run single = run(f, 1, 1 << 20);
            for (int t = 0; t < 6; t++) {
                int chunk = 1 + rnd.nextInt(20_000);
                Run par = run(f, 2, chunk);
                assertThat(par).as(f + " pieces of " + chunk).isEqualTo(single);
            }
        }
    }

    static Path write(String name, String text) throws Exception {
        Files.createDirectories(DIR);
        Path p = DIR.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }
}
