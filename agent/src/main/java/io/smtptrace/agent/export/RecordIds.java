package io.smtptrace.agent.export;

import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * Gives the span the SDK starts next the ids its record already has ({@link SdkSpanSink}): the mapping draws every id
 * (a connection's trace and connect span ids when it starts), and the SDK's spans must carry the same ones as the
 * trace file's. Used on the export thread only, the only thread that starts spans in the agent's SDK.
 */
final class RecordIds implements IdGenerator {

    private static final IdGenerator RANDOM = IdGenerator.random();

    private String nextTraceId;
    private String nextSpanId;

    /** The next span started gets these ids. */
    void next(String traceId, String spanId) {
        nextTraceId = traceId;
        nextSpanId = spanId;
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
}
