package io.smtptrace.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.read.ByteLines;
import io.smtptrace.analyzer.read.Diagnostics;
import io.smtptrace.analyzer.read.OtlpJsonReader;
import io.smtptrace.analyzer.rules.Finding;
import io.smtptrace.analyzer.support.Analysis;
import io.smtptrace.analyzer.support.Conversation;
import io.smtptrace.analyzer.support.OtlpWriter;

/** OTLP JSON as the agent writes it (per src/docs/span-contract.md) and as an OpenTelemetry Collector file exporter writes it. */
class OtlpReaderTest {
    static final Path FIXTURES = Path.of("src", "test", "resources", "otlp");

    @TempDir
    Path tmp;

    @Test
    void agentJsonLinesFollowTheContract() {
        Analysis a = Analysis.of(FIXTURES.resolve("agent-two-connections.jsonl"));
        assertThat(a.err.toString()).isEmpty();
        assertThat(a.sessions).hasSize(2);
        Session bad = a.sessions.get(0);
        assertThat(bad.id).isEqualTo("5f0c2a9e1b3d4c77");
        assertThat(bad.server()).isEqualTo("smtp.example.com:587");
        assertThat(bad.clientLibrary).isEqualTo("com.sun.mail:javax.mail");
        assertThat(bad.serviceName).isEqualTo("billing");
        assertThat(bad.exchanges).extracting(e -> e.seq).containsExactly(1, 2, 3, 4, 5);
        assertThat(bad.exchanges.get(2).enhancedCode).isEqualTo("5.7.0");
        assertThat(bad.starttlsOffered).isTrue();
        assertThat(bad.sizeLimit).isEqualTo(10240000L);
        assertThat(bad.endReason).isEqualTo("quit");
        assertThat(bad.exceptions).containsExactly("com.sun.mail.smtp.SMTPSendFailedException: 530 5.7.0 Authentication required");
        Session good = a.sessions.get(1);
        assertThat(good.tlsMode).isEqualTo("starttls");
        assertThat(good.authOutcome).isEqualTo("success");
        assertThat(good.messages).singleElement().satisfies(m -> {
            assertThat(m.bytes).isEqualTo(1843L);
            assertThat(m.bodyStat("lines")).isEqualTo(31);
            assertThat(m.outcome).isEqualTo("accepted");
        });
        assertThat(a.findings).extracting(Finding::rule).containsExactly("auth-required");
    }

    @Test
    void collectorDocumentWithOtherServicesAndReorderedSpans() {
        Analysis lines = Analysis.of(FIXTURES.resolve("agent-two-connections.jsonl"));
        Analysis doc = Analysis.of(FIXTURES.resolve("collector-document.json"));
        assertThat(doc.err.toString()).isEmpty();
        assertThat(doc.sessions).hasSize(2);
        assertThat(RecordedLogsTest.summary(doc.findings)).isEqualTo(RecordedLogsTest.summary(lines.findings));
        Session s = doc.sessions.stream().filter(x -> x.id.equals("9a8b7c6d5e4f3a2b")).findFirst().orElseThrow();
        assertThat(s.exchanges).extracting(e -> e.seq).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    }

    @Test
    void collectorFileMixesSpansOfManyServicesInBatches() throws IOException {
        OtlpWriter w = new OtlpWriter();
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sessions.add(Conversation.to("smtp.example.com", 587).id("x" + i).greet("220 hi").cmd("EHLO a", "250-hi", "250 AUTH PLAIN")
                    .cmd("MAIL FROM:<***@example.com>", "530 5.7.0 Authentication required").cmd("QUIT", "221 bye").build());
        }
        sessions.add(Conversation.to("smtp.example.com", 587).correct().build());
        List<ObjectNode> spans = new ArrayList<>();
        for (Session s : sessions) spans.addAll(w.spans(s));
        w.shuffle(spans);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < spans.size(); i += 4) {
            out.add(w.request(spans.subList(i, Math.min(spans.size(), i + 4)), "billing", "io.smtptrace.agent"));
            out.add(w.request(List.of(w.httpSpan(), w.httpSpan()), "orders", "io.opentelemetry.tomcat-10.0"));
        }
        Path f = tmp.resolve("collector.jsonl");
        Files.write(f, out);
        Analysis a = Analysis.of(f);
        assertThat(a.err.toString()).isEmpty();
        assertThat(a.sessions).hasSize(6);
        assertThat(a.findings).filteredOn(x -> x.rule().equals("auth-required")).singleElement().satisfies(x -> assertThat(x.count()).isEqualTo(5));
    }

    @Test
    void exchangesExportedAsChildSpans() throws IOException {
        OtlpWriter w = new OtlpWriter();
        w.exchangesAsSpans = true;
        Session s = Conversation.to("mx", 25).greet("220 mx").cmd("EHLO a", "250 mx").cmd("MAIL FROM:<***@a>", "250 ok")
                .cmd("RCPT TO:<***@b>", "550 5.1.1 User unknown").cmd("QUIT", "221 bye").build();
        Path f = tmp.resolve("spans.jsonl");
        Files.write(f, w.lines(s));
        Analysis a = Analysis.of(f);
        assertThat(a.sessions).singleElement().satisfies(x -> assertThat(x.exchanges).hasSize(5));
        assertThat(a.findings).extracting(Finding::rule).containsExactly("recipient-rejected");
    }

    /** An agent attached mid-conversation marks the reply in flight; the analyzer keeps that, it is no greeting. */
    @Test
    void inFlightReplyAfterAMidwayAttachIsNotAGreeting() throws IOException {
        Session s = Conversation.to("mx", 25).greet("250 2.1.0 Ok").cmd("RCPT TO:<***@b>", "250 2.1.5 Ok").cmd("QUIT", "221 bye").build();
        s.exchanges.get(0).type = "in_flight_reply";
        Path f = tmp.resolve("midway.jsonl");
        Files.write(f, new OtlpWriter().lines(s));
        Analysis a = Analysis.of(f);
        assertThat(a.sessions).singleElement().satisfies(x -> {
            assertThat(x.exchanges.get(0).type).isEqualTo("in_flight_reply");
            assertThat(x.exchanges.get(0).isGreeting()).isFalse();
        });
    }

    @Test
    void gzipIsReadTransparently() throws IOException {
        Path gz = tmp.resolve("trace.jsonl.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(Files.readAllBytes(FIXTURES.resolve("agent-two-connections.jsonl")));
        }
        Analysis a = Analysis.of(gz);
        assertThat(a.sessions).hasSize(2);
        assertThat(a.err.toString()).isEmpty();
    }

    @Test
    void sessionsAreReleasedAsSoonAsTheyEnd() throws IOException {
        String text = Files.readString(FIXTURES.resolve("agent-two-connections.jsonl"));
        ByteLines src = new ByteLines(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        List<Long> releasedAtLine = new ArrayList<>();
        new OtlpJsonReader().read(src, "x", s -> releasedAtLine.add(src.lineNumber()), new Diagnostics(new java.io.PrintWriter(new java.io.StringWriter())));
        // connection 1 ends on line 3 of 6: it is handed over before connection 2 is read
        assertThat(releasedAtLine).hasSize(2);
        assertThat(releasedAtLine.get(0)).isLessThanOrEqualTo(4L);
    }

    @Test
    void manyConnectionsStreamWithoutHoldingThem() throws IOException {
        OtlpWriter w = new OtlpWriter();
        Path f = tmp.resolve("many.jsonl");
        Session template = Conversation.to("smtp.example.com", 587).correct().build();
        try (var out = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 3000; i++) for (String l : w.lines(template)) out.write(l + "\n");
        }
        int[] n = {0};
        int[] maxExchanges = {0};
        Diagnostics d = new Diagnostics(new java.io.PrintWriter(new java.io.StringWriter()));
        new io.smtptrace.analyzer.read.Inputs(d, System.in, null).read(f.toString(), s -> {
            n[0]++;
            maxExchanges[0] = Math.max(maxExchanges[0], s.exchanges.size());
        });
        assertThat(n[0]).isEqualTo(3000);
        assertThat(maxExchanges[0]).isEqualTo(template.exchanges.size());
        assertThat(d.warnings()).isZero();
    }

    @Test
    void exchangeFieldsMapFromAttributes() {
        Analysis a = Analysis.of(FIXTURES.resolve("agent-two-connections.jsonl"));
        Exchange auth2 = a.sessions.get(1).exchanges.get(5);
        assertThat(auth2.type).isEqualTo(Exchange.AUTH_CONTINUATION);
        assertThat(auth2.line).isEqualTo("[redacted]");
        assertThat(auth2.replyCode).isEqualTo(334);
        assertThat(auth2.durationMs).isEqualTo(0.5);
        assertThat(auth2.time).isNotNull();
    }
}
