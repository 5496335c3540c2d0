package io.smtptrace.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.record.Recorder;
import io.smtptrace.analyzer.record.Recorder.Mode;
import io.smtptrace.analyzer.record.Scenario;
import io.smtptrace.analyzer.record.Scenario.Library;
import io.smtptrace.analyzer.rules.Finding;
import io.smtptrace.analyzer.support.Analysis;
import io.smtptrace.analyzer.support.Cli;
import io.smtptrace.analyzer.support.OtlpWriter;

/**
 * Real debug logs, recorded by running javax.mail 1.6.2 and Angus Mail 2.0.3 against an embedded SubEthaSMTP server
 * (raw mail.debug, java.util.logging SimpleFormatter, and a logback-style pattern), with application lines and stack
 * traces interleaved. Every scenario must produce exactly its rules: a positive test for each rule, and a negative
 * test for every rule on every other scenario.
 */
class RecordedLogsTest {
    static final Path DIR = Path.of("target", "recorded-logs");

    static final Map<Scenario, Set<String>> EXPECTED = new EnumMap<>(Scenario.class);

    static {
        EXPECTED.put(Scenario.OK, Set.of("auth-over-plaintext"));
        EXPECTED.put(Scenario.NO_AUTH_RETRY, Set.of("auth-required"));
        EXPECTED.put(Scenario.BAD_PASSWORD, Set.of("auth-failed", "auth-over-plaintext"));
        EXPECTED.put(Scenario.OVERSIZE, Set.of("body-rejected-after-data", "auth-over-plaintext"));
        EXPECTED.put(Scenario.RECIPIENT_UNKNOWN, Set.of("recipient-rejected"));
        EXPECTED.put(Scenario.RELAY_DENIED, Set.of("relay-denied"));
        EXPECTED.put(Scenario.SENDER_REJECTED, Set.of("sender-rejected"));
        EXPECTED.put(Scenario.STARTTLS_REQUIRED, Set.of("starttls-required"));
        EXPECTED.put(Scenario.TLS_HANDSHAKE_FAILED, Set.of("tls-handshake-failed"));
        EXPECTED.put(Scenario.IMPLICIT_TLS_ON_PLAIN_PORT, Set.of("implicit-tls-on-starttls-port"));
        EXPECTED.put(Scenario.PLAINTEXT_ON_TLS_PORT, Set.of("plaintext-on-tls-port"));
        EXPECTED.put(Scenario.BODY_ABORTED, Set.of("body-aborted-after-data", "auth-over-plaintext"));
        EXPECTED.put(Scenario.GREYLISTED, Set.of("transient-failures"));
        EXPECTED.put(Scenario.TIMEOUT, Set.of("slow-server"));
        EXPECTED.put(Scenario.PROTOCOL_ERROR, Set.of("protocol-error", "auth-over-plaintext"));
        EXPECTED.put(Scenario.CONNECTION_PER_MESSAGE, Set.of("connection-per-message", "auth-over-plaintext"));
    }

    static Stream<Arguments> logs() {
        List<Arguments> l = new ArrayList<>();
        for (Library lib : Library.values()) for (Mode m : Mode.values()) l.add(Arguments.of(lib, m));
        return l.stream();
    }

    static Recorder.Recording record(Library lib, Mode mode) throws Exception {
        return Recorder.record(DIR, lib, mode, Scenario.values());
    }

    static Map<Scenario, Set<String>> rulesByScenario(Recorder.Recording r, List<Finding> findings) {
        Map<Scenario, Set<String>> m = new EnumMap<>(Scenario.class);
        for (Scenario s : Scenario.values()) m.put(s, new TreeSet<>());
        for (Finding f : findings) m.get(r.scenarioOf(f.server())).add(f.rule());
        return m;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("logs")
    void everyScenarioYieldsExactlyItsRules(Library lib, Mode mode) throws Exception {
        Recorder.Recording r = record(lib, mode);
        assertThat(r.ports()).as("one port per scenario: findings are told apart by port").hasSize(Scenario.values().length);
        Analysis a = Analysis.of(r.file());
        Map<Scenario, Set<String>> actual = rulesByScenario(r, a.findings);
        for (Scenario s : Scenario.values()) assertThat(actual.get(s)).as(s + " in " + r.file()).containsExactlyInAnyOrderElementsOf(EXPECTED.get(s));
        assertThat(a.err.toString()).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("logs")
    void conversationsAreReconstructed(Library lib, Mode mode) throws Exception {
        Recorder.Recording r = record(lib, mode);
        Analysis a = Analysis.of(r.file());
        assertThat(a.sessions).hasSize(27);
        Session ok = a.sessions.stream().filter(s -> r.scenarioOf(s.server()) == Scenario.OK).findFirst().orElseThrow();
        // the body (with lines that look like MAIL FROM, 250 and QUIT) is counted, never parsed as protocol
        assertThat(ok.exchanges.stream().map(e -> e.isGreeting() ? "greeting" : e.verb == null ? e.type : e.verb))
                .containsExactly("greeting", "EHLO", "AUTH", "auth_continuation", "auth_continuation", "MAIL", "RCPT", "DATA", ".", "QUIT");
        assertThat(ok.exchanges.stream().map(e -> e.replyCode)).containsExactly(220, 250, 334, 334, 235, 250, 250, 354, 250, 221);
        assertThat(ok.authOutcome).isEqualTo("success");
        assertThat(ok.messages).singleElement().satisfies(m -> {
            assertThat(m.outcome).isEqualTo("accepted");
            assertThat(m.bytes).isGreaterThan(200);
            assertThat(m.body.get("dot_lines")).isEqualTo(1L);
        });
        assertThat(ok.endReason).isEqualTo("quit");
        assertThat(ok.clientLibrary).isNotNull();
        if (mode == Mode.LOGBACK) assertThat(ok.exchanges.get(1).durationMs).isNotNull();
        Session tls = a.sessions.stream().filter(s -> r.scenarioOf(s.server()) == Scenario.TLS_HANDSHAKE_FAILED).findFirst().orElseThrow();
        assertThat(tls.tlsErrorMessage).contains("PKIX");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("logs")
    void secretsNeverReachTheOutput(Library lib, Mode mode) throws Exception {
        Recorder.Recording r = record(lib, mode);
        String log = Files.readString(r.file(), StandardCharsets.UTF_8);
        String user64 = Base64.getEncoder().encodeToString(Scenario.USER.getBytes(StandardCharsets.UTF_8));
        String pass64 = Base64.getEncoder().encodeToString(Scenario.PASSWORD.getBytes(StandardCharsets.UTF_8));
        assertThat(log).contains(pass64); // the recorded log really holds the secret (mail.debug.auth=true)
        Analysis a = Analysis.of(r.file());
        Session ok = a.sessions.stream().filter(s -> r.scenarioOf(s.server()) == Scenario.OK).findFirst().orElseThrow();
        Cli transcript = Cli.run("sessions", r.file().toString(), "--id", ok.id);
        Cli json = Cli.run("sessions", "--format", "json", r.file().toString(), "--id", ok.id);
        Cli report = Cli.run("analyze", "--format", "json", r.file().toString());
        for (String out : List.of(transcript.out(), json.out(), report.out())) {
            assertThat(out).doesNotContain(pass64).doesNotContain(user64).doesNotContain(Scenario.PASSWORD);
        }
        assertThat(transcript.out()).contains("C: [redacted]").contains("C: AUTH LOGIN").contains("S: 235");
        assertThat(ok.exchanges).filteredOn(e -> Exchange.AUTH_CONTINUATION.equals(e.type)).allSatisfy(e -> assertThat(e.line).isEqualTo("[redacted]"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("logs")
    void agentTraceOfTheSameRunGivesTheSameFindings(Library lib, Mode mode) throws Exception {
        Recorder.Recording r = record(lib, mode);
        Analysis fromLog = Analysis.of(r.file());
        OtlpWriter w = new OtlpWriter();
        List<String> lines = new ArrayList<>();
        for (Session s : fromLog.sessions) lines.addAll(w.lines(s));
        Path otlp = DIR.resolve(r.file().getFileName() + ".otlp.jsonl");
        Files.write(otlp, lines);
        Analysis fromTrace = Analysis.of(otlp);
        assertThat(fromTrace.err.toString()).isEmpty();
        assertThat(fromTrace.sessions).hasSize(fromLog.sessions.size());
        assertThat(summary(fromTrace.findings)).isEqualTo(summary(fromLog.findings));
    }

    static List<String> summary(List<Finding> findings) {
        return findings.stream().map(f -> f.rule() + "|" + f.severity() + "|" + f.count() + "|" + f.server()).sorted().toList();
    }
}
