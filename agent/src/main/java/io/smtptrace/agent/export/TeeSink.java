package io.smtptrace.agent.export;

/** The trace file and the SDK both: each span to the file first, then to the SDK. */
final class TeeSink implements SpanSink {

    private final SpanSink file;
    private final SpanSink sdk;

    TeeSink(SpanSink file, SpanSink sdk) {
        this.file = file;
        this.sdk = sdk;
    }

    @Override
    public void accept(SpanRecord span) {
        file.accept(span);
        sdk.accept(span);
    }

    @Override
    public int pending() {
        return file.pending();
    }

    @Override
    public void flush() {
        file.flush();
    }
}
