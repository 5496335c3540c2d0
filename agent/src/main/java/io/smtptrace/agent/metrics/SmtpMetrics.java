package io.smtptrace.agent.metrics;

import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.smtptrace.agent.capture.BodyStats;
import io.smtptrace.agent.capture.ConnectionInfo;
import io.smtptrace.agent.capture.Exchange;
import io.smtptrace.agent.capture.ExchangeType;
import io.smtptrace.agent.capture.Operation;
import io.smtptrace.agent.capture.OperationKind;

import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SMTP metrics of src/docs/metrics.md, recorded from finished operations on the export thread (the application's
 * thread pays nothing). Instruments are created once; attribute sets are built once per server and combination
 * ({@link ServerAttributes}), so recording allocates nothing in the steady state.
 */
public final class SmtpMetrics {

    /** Seconds: from a fast local relay (a few ms) to a slow DATA over a long link (a minute). */
    static final List<Double> DURATION_BUCKETS = List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            10.0, 30.0, 60.0);
    /** Bytes: 1 KiB .. 64 MiB, by fours. */
    static final List<Long> SIZE_BUCKETS = List.of(1024L, 4096L, 16_384L, 65_536L, 262_144L, 1_048_576L, 4_194_304L,
            16_777_216L, 67_108_864L);
    /** Distinct AUTH mechanism names kept; a client sending odd ones cannot grow the series without bound. */
    static final int MECHANISM_LIMIT = 16;

    private final DoubleHistogram duration;
    private final LongCounter replies;
    private final LongCounter messages;
    private final LongHistogram messageSize;
    private final LongCounter connections;
    private final LongCounter authAttempts;
    private final LongCounter tlsHandshakes;

    private final ServerNames serverNames;
    /** By capped address, then port. */
    private final Map<String, Map<Integer, ServerAttributes>> servers = new HashMap<>();
    /** Per live connection: its server's attribute sets and its TLS mode (seen on connect, needed at its end). */
    private final Map<ConnectionInfo, Connection> live = new IdentityHashMap<>();
    private final Set<String> mechanisms = new HashSet<>();

    public SmtpMetrics(Meter meter, int serverLimit) {
        this.serverNames = new ServerNames(serverLimit);
        duration = meter.histogramBuilder(MetricNames.OPERATION_DURATION).setUnit("s")
                .setDescription("Duration of SMTP transport operations (connect, send, check, close, command).")
                .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
        replies = meter.counterBuilder(MetricNames.REPLIES).setUnit("{reply}")
                .setDescription("SMTP replies received, by command verb and reply code.").build();
        messages = meter.counterBuilder(MetricNames.MESSAGES).setUnit("{message}")
                .setDescription("Messages sent, by outcome (accepted, rejected, aborted).").build();
        messageSize = meter.histogramBuilder(MetricNames.MESSAGE_SIZE).setUnit("By").ofLongs()
                .setDescription("Size of the message data as written to the server (DATA/BDAT bytes).")
                .setExplicitBucketBoundariesAdvice(SIZE_BUCKETS).build();
        connections = meter.counterBuilder(MetricNames.CONNECTIONS).setUnit("{connection}")
                .setDescription("SMTP connections ended, by how they ended and their TLS mode.").build();
        authAttempts = meter.counterBuilder(MetricNames.AUTH_ATTEMPTS).setUnit("{attempt}")
                .setDescription("SMTP AUTH attempts, by mechanism and outcome.").build();
        tlsHandshakes = meter.counterBuilder(MetricNames.TLS_HANDSHAKES).setUnit("{handshake}")
                .setDescription("TLS handshakes (implicit TLS or STARTTLS), failed ones with error.type.").build();
    }

    /** Export thread only. */
    public void record(Operation op) {
        ConnectionInfo c = op.connection;
        Connection conn = live.get(c);
        if (conn == null) {
            conn = new Connection(server(c));
            if (live.size() < 100_000) { // a safety net: connections normally leave at their end
                live.put(c, conn);
            }
        }
        ServerAttributes s = conn.server;
        String error = op.errorType();

        duration.record(Math.max(0, op.endEpochNanos() - op.startEpochNanos) / 1e9,
                s.operations.get(op.kind.label, error, AttributeTable.NONE));

        for (int i = 0, n = op.exchangeCount(); i < n; i++) {
            Exchange ex = op.exchange(i);
            if (ex.hasReply()) {
                replies.add(1, s.replies.get(verb(ex), null, ex.code()));
            }
        }

        String outcome = op.messageOutcome();
        if (op.messageIndex() > 0 && outcome != null) {
            boolean accepted = "accepted".equals(outcome);
            messages.add(1, s.messages.get(outcome, accepted ? null : error != null ? error : outcome,
                    AttributeTable.NONE));
            BodyStats.Snapshot body = op.body();
            if (body != null) {
                messageSize.record(body.wireBytes, s.sizes.get(outcome, null, AttributeTable.NONE));
            }
        }

        if (op.authOutcome() != null) {
            // "aborted" (the connection ended inside the AUTH exchange) did not authenticate: a failure
            String authOutcome = "success".equals(op.authOutcome()) ? "success" : "failure";
            authAttempts.add(1, s.auth.get(mechanism(op.authMechanism()), authOutcome,
                    op.authReplyCode() > 0 ? op.authReplyCode() : AttributeTable.NONE));
        }

        if (op.tlsMode() != null) {
            conn.tlsMode = op.tlsMode();
            if (op.tls() != null || op.tlsError() != null) {
                tlsHandshakes.add(1, s.tls.get(op.tlsMode(),
                        op.tls() != null ? null : op.tlsError().tlsType, AttributeTable.NONE));
            }
        }

        if (op.end() != null) {
            String mode = conn.tlsMode != null ? conn.tlsMode : c.sslRequested() ? "implicit" : "none";
            connections.add(1, s.connections.get(op.end().label, mode, AttributeTable.NONE));
            live.remove(c);
        } else if (op.kind == OperationKind.CONNECT && op.tlsMode() == null) {
            conn.tlsMode = "none";
        }
    }

    /** The greeting and replies to commands sent before the agent attached answer no command: no verb. */
    private static String verb(Exchange ex) {
        if (ex.verb != null) {
            return ex.verb;
        }
        // the client's lines inside an AUTH exchange carry no verb, their replies belong to AUTH
        return ex.type == ExchangeType.AUTH_CONTINUATION ? "AUTH" : null;
    }

    private String mechanism(String m) {
        if (m == null) {
            return "_unknown";
        }
        if (mechanisms.contains(m)) {
            return m;
        }
        if (mechanisms.size() < MECHANISM_LIMIT) {
            mechanisms.add(m);
            return m;
        }
        return ServerNames.OTHER;
    }

    private ServerAttributes server(ConnectionInfo c) {
        // the host as the application named it; the peer address only when no name was ever seen (attached midway)
        String name = serverNames.name(c.host() != null ? c.host() : c.peerAddress());
        Map<Integer, ServerAttributes> byPort = servers.computeIfAbsent(name, k -> new HashMap<>(2));
        return byPort.computeIfAbsent(c.port(), p -> new ServerAttributes(name, p));
    }

    private static final class Connection {
        final ServerAttributes server;
        String tlsMode;

        Connection(ServerAttributes server) {
            this.server = server;
        }
    }
}
