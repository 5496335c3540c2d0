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
