package io.smtptrace.agent.export;

/** Where span records go: the trace file's writer, the OpenTelemetry SDK, or both. Used on the export thread. */
interface SpanSink {

    /** Takes the span; the record is reused afterwards, so a sink keeping it copies it. */
    void accept(SpanRecord span);

    /** Spans taken but not yet written (what is lost if the export stops now). */
    default int pending() {
        return 0;
    }

    /** Writes what is pending (a sink that writes as it goes does nothing). */
    default void flush() {
    }
}
