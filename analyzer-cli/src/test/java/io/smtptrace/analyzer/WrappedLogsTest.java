package io.smtptrace.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.record.Recorder;
import io.smtptrace.analyzer.record.Recorder.Mode;
import io.smtptrace.analyzer.record.Scenario.Library;
import io.smtptrace.analyzer.support.Analysis;
import io.smtptrace.analyzer.support.LogForms;

/**
 * The recorded logs (every scenario, javax.mail 1.6.2 and Angus Mail 2.0.3, raw / java.util.logging / logback
 * layouts) as production pipelines deliver them: every wrapped form must give the same conversations and the same
 * findings as the log it wraps, without a warning.
 */
class WrappedLogsTest {
    static final Path DIR = RecordedLogsTest.DIR.resolve("wrapped");

    static Stream<Arguments> forms() {
        List<Arguments> l = new ArrayList<>();
        for (Library lib : Library.values())
            for (Mode m : Mode.values())
                for (LogForms f : LogForms.values()) if (!m.structured() && (m == Mode.PLAIN || !f.rawOnly())) l.add(Arguments.of(lib, m, f));
        return l.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("forms")
    void wrappedLogGivesTheSameConversationsAndFindings(Library lib, Mode mode, LogForms form) throws Exception {
        Recorder.Recording r = RecordedLogsTest.record(lib, mode);
        Analysis raw = Analysis.of(r.file());
        Path wrapped = write(r.file().getFileName() + "." + form.name().toLowerCase() + ".log",
                form.wrap(Files.readAllLines(r.file(), StandardCharsets.UTF_8)));
        Analysis a = Analysis.of(wrapped);
        assertThat(a.err.toString()).as(wrapped.toString()).isEmpty();
        assertThat(conversations(a.sessions)).as(wrapped.toString()).isEqualTo(conversations(raw.sessions));
        assertThat(RecordedLogsTest.summary(a.findings)).as(wrapped.toString()).isEqualTo(RecordedLogsTest.summary(raw.findings));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void interleavedComposeServicesAreRebuiltApart(Mode mode) throws Exception {
        Recorder.Recording a = RecordedLogsTest.record(Library.JAVAX_MAIL_1_6_2, mode);
        Recorder.Recording b = RecordedLogsTest.record(Library.ANGUS_MAIL_2_0_3, mode);
        Path both = write("compose-interleaved-" + mode.name().toLowerCase() + ".log", LogForms.composeInterleaved(
                Files.readAllLines(a.file(), StandardCharsets.UTF_8), "billing",
                Files.readAllLines(b.file(), StandardCharsets.UTF_8), "alerts-worker"));
        Analysis raw = Analysis.of(a.file(), b.file());
        Analysis mixed = Analysis.of(both);
        assertThat(mixed.err.toString()).isEmpty();
        assertThat(conversations(mixed.sessions)).isEqualTo(conversations(raw.sessions));
        assertThat(RecordedLogsTest.summary(mixed.findings)).isEqualTo(RecordedLogsTest.summary(raw.findings));
    }

    /**
     * The raw log as JSON-lines exports carry it: Docker's json-file driver (the line with its '\n' in "log"), journald's
     * {@code journalctl -o json} ("MESSAGE", microseconds), a Loki export ("line", labels); and the log4j2 ECS
     * recording turned into GELF ("short_message", "_logger_name", epoch seconds with a fraction, syslog levels).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("libraries")
    void jsonExportsGiveTheSameConversationsAndFindings(Library lib) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Recorder.Recording r = RecordedLogsTest.record(lib, Mode.PLAIN);
        Analysis raw = Analysis.of(r.file());
        List<String> lines = Files.readAllLines(r.file(), StandardCharsets.UTF_8);
        StringBuilder docker = new StringBuilder();
        StringBuilder journald = new StringBuilder();
        StringBuilder loki = new StringBuilder();
        java.time.Instant t = java.time.Instant.parse("2026-11-30T10:00:00Z");
        for (String l : lines) {
            t = t.plusNanos(1_000);
            long micros = t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
            docker.append(json.writeValueAsString(java.util.Map.of("log", l + "\n", "stream", "stdout", "time", t.toString()))).append('\n');
            journald.append(json.writeValueAsString(java.util.Map.of("MESSAGE", l, "__REALTIME_TIMESTAMP", String.valueOf(micros),
                    "_PID", "4242", "SYSLOG_IDENTIFIER", "java", "PRIORITY", "6"))).append('\n');
            loki.append(json.writeValueAsString(java.util.Map.of("labels", java.util.Map.of("app", "billing", "pod", "billing-7d9f8b6c4-x2x9q"),
                    "line", l, "timestamp", t.toString()))).append('\n');
        }
        for (var e : java.util.Map.of("docker-json-file", docker, "journald-json", journald, "loki", loki).entrySet()) {
            Path p = write(r.file().getFileName() + "." + e.getKey() + ".jsonl", e.getValue().toString());
            Analysis a = Analysis.of(p);
            assertThat(a.err.toString()).as(p.toString()).isEmpty();
            assertThat(conversations(a.sessions)).as(p.toString()).isEqualTo(conversations(raw.sessions));
            assertThat(RecordedLogsTest.summary(a.findings)).as(p.toString()).isEqualTo(RecordedLogsTest.summary(raw.findings));
        }
        Recorder.Recording ecs = RecordedLogsTest.record(lib, Mode.LOG4J2_ECS_JSON);
        StringBuilder gelf = new StringBuilder();
        for (String l : Files.readAllLines(ecs.file(), StandardCharsets.UTF_8)) {
            var o = json.readTree(l);
            var g = json.createObjectNode();
            g.put("version", "1.1");
            g.put("host", "billing-7d9f8b6c4-x2x9q");
            g.put("short_message", o.path("message").asText());
            java.time.Instant at = java.time.Instant.parse(o.path("@timestamp").asText());
            g.put("timestamp", new java.math.BigDecimal(at.getEpochSecond() + "." + String.format("%09d", at.getNano())));
            String level = o.path("log.level").asText();
            g.put("level", switch (level) { case "ERROR" -> 3; case "WARN" -> 4; case "INFO" -> 6; default -> 7; });
            g.put("_logger_name", o.path("log.logger").asText());
            g.put("_thread_name", o.path("process.thread.name").asText());
            if (o.has("error.stack_trace")) g.put("full_message", o.path("message").asText() + "\n" + o.path("error.stack_trace").asText());
            gelf.append(json.writeValueAsString(g)).append('\n');
        }
        Path p = write(ecs.file().getFileName() + ".gelf.jsonl", gelf.toString());
        Analysis fromEcs = Analysis.of(ecs.file());
        Analysis a = Analysis.of(p);
        assertThat(a.err.toString()).isEmpty();
        assertThat(conversations(a.sessions)).isEqualTo(conversations(fromEcs.sessions));
        assertThat(RecordedLogsTest.summary(a.findings)).isEqualTo(RecordedLogsTest.summary(fromEcs.findings));
    }

    static Stream<Library> libraries() {
        return Stream.of(Library.values());
    }

    /** A prefix no learning guesses (no timestamp, bracket or '|'): given with --log-prefix, the log reads as the raw one. */
    @Test
    void aGivenPrefixReadsWhatLearningCannot() throws Exception {
        Recorder.Recording r = RecordedLogsTest.record(Library.JAVAX_MAIL_1_6_2, Mode.PLAIN);
        StringBuilder sb = new StringBuilder();
        for (String l : Files.readAllLines(r.file(), StandardCharsets.UTF_8)) sb.append("host01 billing >> ").append(l).append('\n');
        Path p = write("custom-prefix.log", sb.toString());
        io.smtptrace.analyzer.support.Cli without = io.smtptrace.analyzer.support.Cli.run("analyze", "--format", "json", p.toString());
        assertThat(without.err()).contains("no JavaMail SMTP conversation found");
        io.smtptrace.analyzer.support.Cli with = io.smtptrace.analyzer.support.Cli.run("analyze", "--format", "json", "--log-prefix",
                "(?<stream>\\S+ \\S+) >> ", p.toString());
        io.smtptrace.analyzer.support.Cli rawCli = io.smtptrace.analyzer.support.Cli.run("analyze", "--format", "json", r.file().toString());
        assertThat(with.err()).isEmpty();
        assertThat(findingsOf(with.out())).isEqualTo(findingsOf(rawCli.out()));
        io.smtptrace.analyzer.support.Cli bad = io.smtptrace.analyzer.support.Cli.run("analyze", "--log-prefix", "([a-z", p.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--log-prefix");
    }

    private static List<String> findingsOf(String jsonReport) throws Exception {
        List<String> l = new ArrayList<>();
        for (var f : new com.fasterxml.jackson.databind.ObjectMapper().readTree(jsonReport).path("findings")) {
            l.add(f.path("rule").asText() + "|" + f.path("count").asText() + "|" + f.path("server").asText());
        }
        return l.stream().sorted().toList();
    }

    static Stream<Mode> modes() {
        return Stream.of(Mode.values()).filter(m -> !m.structured());
    }

    @Test
    void kubectlTimestampsLookLikeGosRfc3339Nano() {
        assertThat(LogForms.kubectlTime(java.time.Instant.parse("2026-11-30T10:00:01.120000000Z"))).isEqualTo("2026-11-30T10:00:01.12Z");
        assertThat(LogForms.kubectlTime(java.time.Instant.parse("2026-11-30T10:00:01Z"))).isEqualTo("2026-11-30T10:00:01Z");
    }

    static Path write(String name, String text) throws Exception {
        Files.createDirectories(DIR);
        Path p = DIR.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    /**
     * What a conversation is, without where it sits in the file or when (the raw log has no times): server, every
     * exchange with its reply, the messages with their outcome and body size, how it ended, AUTH and TLS.
     */
    static List<String> conversations(List<Session> sessions) {
        return sessions.stream().map(s -> s.server() + " " + s.exchanges.stream()
                        .map(e -> (e.isGreeting() ? "greeting" : e.verb == null ? e.type : e.verb) + "=" + e.replyCode + (e.replyError == null ? "" : "!" + e.replyError))
                        .toList()
                + " messages=" + s.messages.stream().map(m -> m.outcome + "/" + m.bytes + "/" + m.body.get("lines")).toList()
                + " end=" + s.endReason + " auth=" + s.authOutcome + " tls=" + s.tlsMode + "/" + s.tlsEstablished + "/" + s.tlsErrorType
                + " exceptions=" + s.exceptions + " partial=" + s.partial + " library=" + s.clientLibrary)
                .sorted().toList();
    }
}
