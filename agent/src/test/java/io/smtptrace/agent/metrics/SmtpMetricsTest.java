package io.smtptrace.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.smtptrace.agent.capture.Clock;
import io.smtptrace.agent.capture.ConnectionInfo;
import io.smtptrace.agent.capture.Conversation;
import io.smtptrace.agent.capture.EnvelopePrivacy;
import io.smtptrace.agent.capture.Operation;
import io.smtptrace.agent.capture.OperationKind;
import io.smtptrace.agent.capture.TlsInfo;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The metric mapping of src/docs/metrics.md, checked on scripted conversations through the SDK's in-memory reader. */
class SmtpMetricsTest {

    private InMemoryMetricReader reader;
    private SmtpMetrics metrics;
    private final long[] now = {1_700_000_000_000_000_000L};
    private final Clock clock = () -> now[0] += 1_000_000; // every step takes 1 ms

    @BeforeEach
    void setUp() {
        reader = InMemoryMetricReader.create();
        SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
        metrics = new SmtpMetrics(provider.get("test"), 100);
    }

    private Conversation conversation(String id) {
        return new Conversation(new ConnectionInfo(id, "com.sun.mail:javax.mail", "1.6.2"), metrics::record, clock,
                EnvelopePrivacy.DOMAIN);
    }

    private static void cmd(Conversation c, String line, int code, String reply) {
        c.command(line.getBytes(StandardCharsets.UTF_8));
        c.reply(code, reply, null);
    }

    private static void connect(Conversation c, String host, int port) {
        c.operationEnter(OperationKind.CONNECT);
        c.connectStart(host, port, false);
        c.reply(220, "220 " + host + " ESMTP\n", null);
        c.connectEnd("192.0.2.1", port, null, null);
    }

    private static void send(Conversation c, int dataReply, String dataText, Throwable thrown) {
        c.operationEnter(OperationKind.SEND);
        cmd(c, "MAIL FROM:<a@example.com>", 250, "250 2.1.0 Ok\n");
        cmd(c, "RCPT TO:<b@example.org>", 250, "250 2.1.5 Ok\n");
        cmd(c, "DATA", 354, "354 go\n");
        c.bodyStream("s", false);
        c.currentBody().write("Subject: x\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII), 0, 21);
        cmd(c, ".", dataReply, dataText);
        c.operationExit(thrown);
    }

    private static void quit(Conversation c) {
        c.operationEnter(OperationKind.CLOSE);
        cmd(c, "QUIT", 221, "221 Bye\n");
        c.connectionClosed();
        c.operationExit(null);
    }

    // ---- reading the in-memory reader ----

    private List<MetricData> collected;

    private MetricData metric(String name) {
        if (collected == null) {
            collected = new ArrayList<>(reader.collectAllMetrics());
        }
        return collected.stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " in " + collected.stream()
                        .map(MetricData::getName).collect(Collectors.toList())));
    }

    private static Attributes attrs(Object... kv) {
        var b = Attributes.builder();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            if (v instanceof Integer || v instanceof Long) {
                b.put(AttributeKey.longKey((String) kv[i]), ((Number) v).longValue());
            } else {
                b.put(AttributeKey.stringKey((String) kv[i]), (String) v);
            }
        }
        return b.build();
    }

    /** Counter value for exactly these attributes (0 when there is no such point). */
    private long count(String name, Attributes a) {
        for (PointData p : metric(name).getData().getPoints()) {
            if (p.getAttributes().equals(a)) {
                return ((LongPointData) p).getValue();
            }
        }
        return 0;
    }

    private HistogramPointData histogram(String name, Attributes a) {
        for (PointData p : metric(name).getData().getPoints()) {
            if (p.getAttributes().equals(a)) {
                return (HistogramPointData) p;
            }
        }
        throw new AssertionError("no point " + a + " in " + metric(name).getData().getPoints());
    }

    private Map<Attributes, Long> counts(String name) {
        return metric(name).getData().getPoints().stream()
                .collect(Collectors.toMap(PointData::getAttributes, p -> ((LongPointData) p).getValue()));
    }

    // ---- the mapping ----

    @Test
    void aWholeConnectionWithStarttlsAuthAndTwoMessages() {
        Conversation c = conversation("c1");
        connect(c, "mx.example", 587);
        cmd(c, "EHLO me", 250, "250-mx.example\n250-STARTTLS\n250 SIZE 1000\n");
        cmd(c, "STARTTLS", 220, "220 go ahead\n");
        c.startTlsEnd(new TlsInfo("TLSv1.3", "TLS_AES_256_GCM_SHA384"), null);
        cmd(c, "EHLO me", 250, "250-mx.example\n250 AUTH PLAIN\n");
        cmd(c, "AUTH PLAIN AHVzZXIAc2VjcmV0", 235, "235 2.7.0 ok\n");
        c.operationExit(null);
        send(c, 250, "250 2.0.0 queued\n", null);
        send(c, 250, "250 2.0.0 queued\n", null);
        quit(c);

        Object[] server = {"server.address", "mx.example", "server.port", 587};
        HistogramPointData connectDuration = histogram(MetricNames.OPERATION_DURATION,
                attrs(with(server, "smtp.operation", "connect")));
        assertThat(connectDuration.getCount()).isEqualTo(1);
        assertThat(connectDuration.getSum()).isCloseTo(0.010, org.assertj.core.data.Offset.offset(0.0005));
        assertThat(connectDuration.getBoundaries()).isEqualTo(SmtpMetrics.DURATION_BUCKETS);
        assertThat(histogram(MetricNames.OPERATION_DURATION, attrs(with(server, "smtp.operation", "send")))
                .getCount()).isEqualTo(2);
        assertThat(histogram(MetricNames.OPERATION_DURATION, attrs(with(server, "smtp.operation", "close")))
                .getCount()).isEqualTo(1);

        // the greeting answers no command: no verb
        assertThat(count(MetricNames.REPLIES, attrs(with(server, "smtp.reply.code", 220)))).isEqualTo(1);
        assertThat(count(MetricNames.REPLIES, attrs(with(server, "smtp.command.verb", "EHLO", "smtp.reply.code",
                250)))).isEqualTo(2);
        assertThat(count(MetricNames.REPLIES, attrs(with(server, "smtp.command.verb", "STARTTLS", "smtp.reply.code",
                220)))).isEqualTo(1);
        assertThat(count(MetricNames.REPLIES, attrs(with(server, "smtp.command.verb", "AUTH", "smtp.reply.code",
                235)))).isEqualTo(1);
        assertThat(count(MetricNames.REPLIES, attrs(with(server, "smtp.command.verb", "MAIL", "smtp.reply.code",
                250)))).isEqualTo(2);
        assertThat(count(MetricNames.REPLIES, attrs(with(server, "smtp.command.verb", ".", "smtp.reply.code",
                250)))).isEqualTo(2);
        assertThat(count(MetricNames.REPLIES, attrs(with(server, "smtp.command.verb", "QUIT", "smtp.reply.code",
                221)))).isEqualTo(1);

        assertThat(counts(MetricNames.MESSAGES)).containsExactly(
                Map.entry(attrs(with(server, "smtp.message.outcome", "accepted")), 2L));
        HistogramPointData size = histogram(MetricNames.MESSAGE_SIZE,
                attrs(with(server, "smtp.message.outcome", "accepted")));
        assertThat(size.getCount()).isEqualTo(2);
        assertThat(size.getSum()).isEqualTo(2 * 21.0);
        assertThat(size.getBoundaries()).containsExactly(1024.0, 4096.0, 16384.0, 65536.0, 262144.0, 1048576.0,
                4194304.0, 16777216.0, 67108864.0);

        assertThat(counts(MetricNames.CONNECTIONS)).containsExactly(Map.entry(
                attrs(with(server, "smtp.connection.end", "quit", "smtp.tls.mode", "starttls")), 1L));
        assertThat(counts(MetricNames.AUTH_ATTEMPTS)).containsExactly(Map.entry(attrs(with(server,
                "smtp.auth.mechanism", "PLAIN", "smtp.auth.outcome", "success", "smtp.reply.code", 235)), 1L));
        assertThat(counts(MetricNames.TLS_HANDSHAKES)).containsExactly(Map.entry(
                attrs(with(server, "smtp.tls.mode", "starttls")), 1L));
    }

    @Test
    void failuresCarryErrorTypeAndTheirReplyCodes() {
        // 530: MAIL refused before AUTH; the send fails
        Conversation a = conversation("c530");
        connect(a, "relay.example", 25);
        cmd(a, "EHLO me", 250, "250 relay.example\n");
        a.operationExit(null);
        a.operationEnter(OperationKind.SEND);
        cmd(a, "MAIL FROM:<a@example.com>", 530, "530 5.7.0 Authentication required\n");
        a.operationExit(new IOException("530 5.7.0 Authentication required"));
        quit(a);
        // 535: AUTH LOGIN refused in connect
        Conversation b = conversation("c535");
        connect(b, "relay.example", 25);
        cmd(b, "EHLO me", 250, "250 relay.example\n");
        cmd(b, "AUTH LOGIN", 334, "334 VXNlcm5hbWU6\n");
        cmd(b, "dXNlcg==", 334, "334 UGFzc3dvcmQ6\n");
        cmd(b, "cGFzcw==", 535, "535 5.7.8 Authentication failed\n");
        b.operationExit(new IOException("535 5.7.8 Authentication failed"));
        quit(b);
        // 552: the data refused for its size
        Conversation d = conversation("c552");
        connect(d, "relay.example", 25);
        d.operationExit(null);
        send(d, 552, "552 5.3.4 Message size exceeds fixed limit\n", new IOException("552 5.3.4"));
        quit(d);

        Object[] server = {"server.address", "relay.example", "server.port", 25};
        assertThat(histogram(MetricNames.OPERATION_DURATION, attrs(with(server, "smtp.operation", "send",
                "error.type", "530"))).getCount()).isEqualTo(1);
        assertThat(histogram(MetricNames.OPERATION_DURATION, attrs(with(server, "smtp.operation", "connect",
                "error.type", "535"))).getCount()).isEqualTo(1);
        assertThat(histogram(MetricNames.OPERATION_DURATION, attrs(with(server, "smtp.operation", "send",
                "error.type", "552"))).getCount()).isEqualTo(1);
        assertThat(histogram(MetricNames.OPERATION_DURATION, attrs(with(server, "smtp.operation", "connect")))
                .getCount()).as("successful connects have no error.type").isEqualTo(2);

        assertThat(count(MetricNames.REPLIES, attrs(with(server, "smtp.command.verb", "MAIL", "smtp.reply.code",
                530)))).isEqualTo(1);
        // the replies to the client's lines inside AUTH belong to AUTH
        assertThat(count(MetricNames.REPLIES, attrs(with(server, "smtp.command.verb", "AUTH", "smtp.reply.code",
                334)))).isEqualTo(2);
        assertThat(count(MetricNames.REPLIES, attrs(with(server, "smtp.command.verb", "AUTH", "smtp.reply.code",
                535)))).isEqualTo(1);
        assertThat(count(MetricNames.REPLIES, attrs(with(server, "smtp.command.verb", ".", "smtp.reply.code",
                552)))).isEqualTo(1);

        assertThat(counts(MetricNames.MESSAGES)).containsOnly(
                Map.entry(attrs(with(server, "smtp.message.outcome", "rejected", "error.type", "530")), 1L),
                Map.entry(attrs(with(server, "smtp.message.outcome", "rejected", "error.type", "552")), 1L));
        assertThat(histogram(MetricNames.MESSAGE_SIZE, attrs(with(server, "smtp.message.outcome", "rejected")))
                .getCount()).as("only the message that got to its data has a size").isEqualTo(1);
        assertThat(counts(MetricNames.AUTH_ATTEMPTS)).containsExactly(Map.entry(attrs(with(server,
                "smtp.auth.mechanism", "LOGIN", "smtp.auth.outcome", "failure", "smtp.reply.code", 535)), 1L));
        assertThat(counts(MetricNames.CONNECTIONS)).containsExactly(Map.entry(
                attrs(with(server, "smtp.connection.end", "quit", "smtp.tls.mode", "none")), 3L));
    }

    @Test
    void tlsHandshakeFailureAndImplicitTls() {
        Conversation c = conversation("tlsfail");
        connect(c, "mx.example", 25);
        cmd(c, "EHLO me", 250, "250-mx.example\n250 STARTTLS\n");
        cmd(c, "STARTTLS", 220, "220 go ahead\n");
        c.startTlsEnd(null, new SSLHandshakeException("PKIX path building failed"));
        c.operationExit(new IOException("Could not convert socket to TLS", new SSLHandshakeException("PKIX")));
        c.connectionClosed();

        Conversation s = new Conversation(new ConnectionInfo("smtps", "com.sun.mail:javax.mail", "1.6.2"),
                metrics::record, clock, EnvelopePrivacy.DOMAIN);
        s.operationEnter(OperationKind.CONNECT);
        s.connectStart("smtps.example", 465, true);
        s.reply(220, "220 smtps.example\n", null);
        s.connectEnd("192.0.2.2", 465, new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256"), null);
        s.operationExit(null);
        quit(s);

        assertThat(counts(MetricNames.TLS_HANDSHAKES)).containsOnly(
                Map.entry(attrs("server.address", "mx.example", "server.port", 25, "smtp.tls.mode", "starttls",
                        "error.type", "javax.net.ssl.SSLHandshakeException"), 1L),
                Map.entry(attrs("server.address", "smtps.example", "server.port", 465, "smtp.tls.mode",
                        "implicit"), 1L));
        assertThat(counts(MetricNames.CONNECTIONS)).containsOnly(
                Map.entry(attrs("server.address", "mx.example", "server.port", 25, "smtp.connection.end",
                        "client_exception", "smtp.tls.mode", "starttls"), 1L),
                Map.entry(attrs("server.address", "smtps.example", "server.port", 465, "smtp.connection.end",
                        "quit", "smtp.tls.mode", "implicit"), 1L));
    }

    @Test
    void connectFailureAndTimeout() {
        Conversation c = conversation("refused");
        c.operationEnter(OperationKind.CONNECT);
        c.connectStart("down.example", 587, false);
        c.connectEnd(null, 587, null, new ConnectException("Connection refused"));
        c.operationExit(new IOException("Couldn't connect", new ConnectException("Connection refused")));

        Conversation t = conversation("timeout");
        connect(t, "slow.example", 25);
        t.operationExit(null);
        t.operationEnter(OperationKind.SEND);
        cmd(t, "MAIL FROM:<a@example.com>", 250, "250 ok\n");
        cmd(t, "RCPT TO:<b@example.org>", 250, "250 ok\n");
        cmd(t, "DATA", 354, "354 go\n");
        t.bodyStream("s", false);
        t.currentBody().write('x');
        t.command(".".getBytes(StandardCharsets.US_ASCII));
        t.reply(-1, null, new SocketTimeoutException("Read timed out"));
        t.operationExit(new IOException("wrapped", new SocketTimeoutException("Read timed out")));
        t.connectionClosed();

        assertThat(counts(MetricNames.CONNECTIONS)).containsOnly(
                Map.entry(attrs("server.address", "down.example", "server.port", 587, "smtp.connection.end",
                        "connect_failed", "smtp.tls.mode", "none"), 1L),
                Map.entry(attrs("server.address", "slow.example", "server.port", 25, "smtp.connection.end",
                        "timeout", "smtp.tls.mode", "none"), 1L));
        assertThat(histogram(MetricNames.OPERATION_DURATION, attrs("server.address", "down.example", "server.port",
                587, "smtp.operation", "connect", "error.type", "java.net.ConnectException")).getCount()).isEqualTo(1);
        assertThat(counts(MetricNames.MESSAGES)).containsOnly(Map.entry(attrs("server.address", "slow.example",
                "server.port", 25, "smtp.message.outcome", "aborted", "error.type",
                "java.net.SocketTimeoutException"), 1L));
    }

    @Test
    void serversBeyondTheLimitBecomeOther() {
        reader = InMemoryMetricReader.create();
        metrics = new SmtpMetrics(SdkMeterProvider.builder().registerMetricReader(reader).build().get("t"), 2);
        for (String host : List.of("a.example", "b.example", "c.example", "d.example", "a.example")) {
            Conversation c = conversation(host);
            connect(c, host, 25);
            c.operationExit(null);
            quit(c);
        }
        assertThat(counts(MetricNames.CONNECTIONS)).containsOnly(
                Map.entry(attrs("server.address", "a.example", "server.port", 25, "smtp.connection.end", "quit",
                        "smtp.tls.mode", "none"), 2L),
                Map.entry(attrs("server.address", "b.example", "server.port", 25, "smtp.connection.end", "quit",
                        "smtp.tls.mode", "none"), 1L),
                Map.entry(attrs("server.address", "_other", "server.port", 25, "smtp.connection.end", "quit",
                        "smtp.tls.mode", "none"), 2L));
    }

    @Test
    void noAddressOrFreeTextInAnyAttribute() {
        failuresCarryErrorTypeAndTheirReplyCodes();
        for (MetricData m : reader.collectAllMetrics()) {
            for (PointData p : m.getData().getPoints()) {
                assertThat(p.getAttributes().toString()).doesNotContain("@").doesNotContain("Authentication")
                        .doesNotContain("192.0.2");
            }
        }
    }

    @Test
    void recordingAllocatesNothingOnceItsAttributeSetsExist() {
        List<Operation> ops = new ArrayList<>();
        Consumer<Operation> keep = ops::add;
        Conversation c = new Conversation(new ConnectionInfo("alloc", "com.sun.mail:javax.mail", "1.6.2"),
                keep::accept, clock, EnvelopePrivacy.DOMAIN);
        connect(c, "mx.example", 25);
        c.operationExit(null);
        send(c, 250, "250 ok\n", null);
        send(c, 550, "550 5.7.1 refused\n", new IOException("550"));
        Operation accepted = ops.get(1);
        Operation rejected = ops.get(2);
        metrics.record(ops.get(0));
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) { // warm up: attribute sets built, code compiled
            metrics.record(accepted);
            metrics.record(rejected);
        }
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 10_000; i++) {
            metrics.record(accepted);
            metrics.record(rejected);
        }
        long perRecord = (mx.getThreadAllocatedBytes(tid) - before) / 20_000;
        assertThat(perRecord).as("bytes allocated per record()").isLessThan(16);
    }

    private static Object[] with(Object[] base, Object... more) {
        Object[] all = new Object[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
