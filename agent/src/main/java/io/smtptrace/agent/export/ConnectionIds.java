package io.smtptrace.agent.export;

import io.opentelemetry.sdk.trace.IdGenerator;
import io.smtptrace.agent.capture.ConnectionInfo;

/**
 * Gives a connection's connect span the trace and span ids drawn when the connection started (see
 * {@link ConnectionInfo}), so later spans can name it as their parent without it: a connect span dropped from a
 * full queue does not split its connection into separate traces. Every other span gets random ids as usual.
 * Used on the export thread only, which is the only thread that starts spans in the agent's SDK.
 */
final class ConnectionIds implements IdGenerator {

    private static final IdGenerator RANDOM = IdGenerator.random();

    private String nextTraceId;
    private String nextSpanId;

    /** The next span started is this connection's connect span. */
    void nextIsConnectSpanOf(ConnectionInfo c) {
        // under an application span the SDK takes that span's trace id and never asks for one
        nextTraceId = c.connectParent() != null ? null : traceId(c);
        nextSpanId = connectSpanId(c);
    }

    @Override
    public String generateSpanId() {
        String s = nextSpanId;
        if (s != null) {
            nextSpanId = null;
            return s;
        }
        return RANDOM.generateSpanId();
    }

    @Override
    public String generateTraceId() {
        String t = nextTraceId;
        if (t != null) {
            nextTraceId = null;
            return t;
        }
        return RANDOM.generateTraceId();
    }

    /** The connection's trace: the application's, when the connection was opened under a sampled span of it. */
    static String traceId(ConnectionInfo c) {
        if (c.connectParent() != null) {
            return c.connectParent().traceId;
        }
        return hex(c.traceIdHigh) + hex(c.traceIdLow);
    }

    static String connectSpanId(ConnectionInfo c) {
        return hex(c.connectSpanId);
    }

    private static String hex(long v) {
        String h = Long.toHexString(v);
        return "0000000000000000".substring(h.length()) + h;
    }
}
