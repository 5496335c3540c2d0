package io.smtptrace.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.smtptrace.testsupport.ExportedTraces.SpanView;
import io.smtptrace.testsupport.ExportedTraces;
import io.smtptrace.testsupport.ForkedJvm;
import io.smtptrace.testsupport.MailLibrary;
import io.smtptrace.testsupport.Scenario;
import io.smtptrace.testsupport.SmtpTestServer;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/** The agent's settings and OpenTelemetry's, each observed from outside in a forked JVM. */
class SettingsIT {

    private static final MailLibrary LIB = MailLibrary.ANGUS_MAIL_2_0_3;

    private static Scenario scenario(SmtpTestServer server) {
        return Scenario.forServer(server).from("Alice.Smith@example.com").to("bob@example.org").messages(2);
    }

    @Test
    void childSpansPerExchangeOnRequest() {
        try (SmtpTestServer server = SmtpTestServer.start()) {
            AgentRun run = AgentRun.withAgent(LIB, scenario(server), "exchange-spans",
                    Map.of("smtptrace.exchanges", "spans"));
            List<SpanView> operations = run.traces.spans.stream().filter(s -> s.kind == 3).collect(Collectors.toList());
            List<SpanView> exchanges = run.traces.spans.stream().filter(s -> s.kind == 1).collect(Collectors.toList());
            assertThat(operations).extracting(s -> s.name)
                    .containsExactly("SMTP connect", "SMTP send", "SMTP send", "SMTP close");
            assertThat(operations).allMatch(s -> s.events.isEmpty());
            assertThat(exchanges).hasSize(11);
            assertThat(exchanges.stream().map(s -> s.name).collect(Collectors.toSet()))
                    .contains("SMTP greeting", "SMTP EHLO", "SMTP MAIL", "SMTP RCPT", "SMTP DATA", "SMTP .", "SMTP QUIT");
            for (SpanView ex : exchanges) {
                SpanView parent = operations.stream().filter(o -> o.spanId.equals(ex.parentSpanId)).findFirst()
                        .orElseThrow();
                assertThat(ex.startNanos).isBetween(parent.startNanos, parent.endNanos);
                assertThat(ex.num("smtp.seq")).isPositive();
                assertThat(ex.has("smtp.reply.code")).isTrue();
            }
            assertThat(exchanges.stream().map(s -> s.num("smtp.seq")).sorted().collect(Collectors.toList()))
                    .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        }
    }

    @Test
    void envelopePrivacyModes() {
        // like Postfix, this server repeats the address in its refusal, and the exception repeats the reply
        try (SmtpTestServer server = SmtpTestServer.builder()
                .refuseRecipient("carol@example.net", 550, "5.1.1 <carol@example.net>: Recipient address rejected")
                .start()) {
            Map<String, String> expected = Map.of(
                    "domain", "***@example.com",
                    "full", "Alice.Smith@example.com",
                    "none", "[redacted]");
            for (Map.Entry<String, String> e : expected.entrySet()) {
                AgentRun run = AgentRun.withAgent(LIB, scenario(server).to("bob@example.org,carol@example.net"),
                        "privacy-" + e.getKey(), Map.of("smtptrace.envelope", e.getKey()));
                assertThat(run.result.outcomes()).anyMatch(o -> o.contains("carol@example.net"));
                SpanView send = run.onlyConnection().get(1);
                assertThat(send.str("smtp.envelope.sender")).isEqualTo(e.getValue());
                assertThat(send.events.get(0).str("smtp.command.line")).isEqualTo("MAIL FROM:<" + e.getValue() + ">");
                if (!e.getKey().equals("full")) {
                    assertThat(run.traces.raw).doesNotContain("Alice.Smith").doesNotContain("bob@")
                            .doesNotContain("carol@");
                } else {
                    assertThat(run.traces.raw).contains("<carol@example.net>: Recipient address rejected");
                }
            }
            // the same address always hashes to the same token, whatever its case
            AgentRun hashed = AgentRun.withAgent(LIB, scenario(server).to("ALICE.SMITH@example.com"), "privacy-hash",
                    Map.of("smtptrace.envelope", "hash"));
            SpanView send = hashed.onlyConnection().get(1);
            assertThat(send.str("smtp.envelope.sender")).matches("hmac:[0-9a-f]{16}@example.com")
                    .isEqualTo(send.list("smtp.envelope.recipients").get(0));
            assertThat(hashed.traces.raw).doesNotContainIgnoringCase("alice.smith");
        }
    }

    @Test
    void standardOtelSettingsSendOtlpToACollector() throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", ex -> {
            synchronized (received) {
                received.write(ex.getRequestBody().readAllBytes());
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        collector.start();
        try (SmtpTestServer server = SmtpTestServer.start()) {
            Path file = AgentRun.OUT.resolve("otlp-no-file.jsonl").toAbsolutePath();
            Files.createDirectories(AgentRun.OUT);
            ForkedJvm.Result r = ForkedJvm.forLibrary(LIB).javaAgent(AgentRun.agentJar())
                    .environment("OTEL_TRACES_EXPORTER", "otlp")
                    .environment("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort())
                    .environment("OTEL_SERVICE_NAME", "billing-mailer")
                    .environment("OTEL_BSP_SCHEDULE_DELAY", "50")
                    // the JVM exits at once: its spans go out at exit, and a loaded machine may need more than the
                    // default 1 s for the exporter's first request
                    .environment("SMTPTRACE_SHUTDOWN_TIMEOUT_MS", "30000")
                    .timeout(Duration.ofSeconds(60))
                    .run(scenario(server));
            assertThat(r.outcomes()).contains("send 1 ok", "send 2 ok");
            assertThat(r.stderr()).contains("SMTP traces go to OpenTelemetry exporter 'otlp'");
            String body;
            synchronized (received) {
                body = received.toString(StandardCharsets.ISO_8859_1);
            }
            // protobuf carries attribute keys and string values as plain bytes
            assertThat(body).contains("billing-mailer", "smtp.connection.id", "SMTP send", "io.smtptrace.agent");
        } finally {
            collector.stop(0);
        }
    }

    @Test
    void disabledAgentDoesNothing() {
        try (SmtpTestServer server = SmtpTestServer.start()) {
            AgentRun run = AgentRun.withAgent(LIB, scenario(server), "disabled", Map.of("smtptrace.enabled", "false"));
            assertThat(run.result.outcomes()).contains("send 1 ok", "send 2 ok");
            assertThat(run.traces.spans).isEmpty();
            assertThat(run.result.stderr()).contains("disabled");
        }
    }

    @Test
    void anExportThatCannotStartLeavesTheApplicationAlone() {
        try (SmtpTestServer server = SmtpTestServer.start()) {
            Scenario sc = scenario(server);
            ForkedJvm.Result r = ForkedJvm.forLibrary(LIB).javaAgent(AgentRun.agentJar())
                    .systemProperty("smtptrace.file", "/proc/no-such-dir/traces.jsonl")
                    .timeout(Duration.ofSeconds(60)).run(sc);
            assertThat(r.outcomes()).isEqualTo(AgentRun.withoutAgent(LIB, sc).outcomes());
            assertThat(r.stderr()).contains("could not open the trace file /proc/no-such-dir/traces.jsonl");
            assertThat(r.exitCode()).isZero();
        }
    }

    /** A class with the transport's name but not its insides: skipped with one line, the application unaffected. */
    @Test
    void anUnsupportedVersionIsSkippedWithOneLogLine() throws Exception {
        Path src = Files.createTempDirectory("fake-transport");
        Path pkg = Files.createDirectories(src.resolve("com/sun/mail/smtp"));
        Files.writeString(pkg.resolve("SMTPTransport.java"), "package com.sun.mail.smtp;\n"
                + "public class SMTPTransport {\n"
                + "  public String sendMessage(Object m, Object[] a) { return \"sent by \" + getClass().getName(); }\n"
                + "  public static void main(String[] args) {\n"
                + "    for (int i = 0; i < 3; i++) System.out.println(\"RESULT \" + new SMTPTransport().sendMessage(null, null));\n"
                + "  }\n"
                + "}\n");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "-d", src.toString(),
                pkg.resolve("SMTPTransport.java").toString())).isZero();
        ForkedJvm.Result r = ForkedJvm.withClassPath(List.of(src)).mainClass("com.sun.mail.smtp.SMTPTransport")
                .javaAgent(AgentRun.agentJar())
                .systemProperty("smtptrace.file", AgentRun.OUT.resolve("unsupported.jsonl").toAbsolutePath().toString())
                .timeout(Duration.ofSeconds(60)).runMain();
        assertThat(r.exitCode()).isZero();
        assertThat(r.results()).containsExactly("sent by com.sun.mail.smtp.SMTPTransport",
                "sent by com.sun.mail.smtp.SMTPTransport", "sent by com.sun.mail.smtp.SMTPTransport");
        assertThat(r.stderr().lines().filter(l -> l.contains("cannot handle")).count()).isEqualTo(1);
    }
}
