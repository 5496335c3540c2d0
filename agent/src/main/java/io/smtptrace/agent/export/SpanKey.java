package io.smtptrace.agent.export;

import io.opentelemetry.api.common.AttributeKey;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An attribute key of the span record: its name, its value type, the OpenTelemetry key the SDK sink sets, and the
 * OTLP JSON text that opens it ({@code {"key":"<name>","value":}), encoded once, so writing an attribute copies its
 * key's bytes instead of escaping the name again.
 */
final class SpanKey {

    enum Type { STRING, BOOLEAN, LONG, DOUBLE, STRING_ARRAY }

    final String name;
    final Type type;
    final AttributeKey<?> otel;
    final byte[] json;

    private SpanKey(String name, Type type, AttributeKey<?> otel) {
        this.name = name;
        this.type = type;
        this.otel = otel;
        this.json = ("{\"key\":" + OtlpJsonFileWriter.quote(name) + ",\"value\":").getBytes(StandardCharsets.UTF_8);
    }

    static SpanKey string(String name) {
        return new SpanKey(name, Type.STRING, AttributeKey.stringKey(name));
    }

    static SpanKey bool(String name) {
        return new SpanKey(name, Type.BOOLEAN, AttributeKey.booleanKey(name));
    }

    static SpanKey integer(String name) {
        return new SpanKey(name, Type.LONG, AttributeKey.longKey(name));
    }

    static SpanKey decimal(String name) {
        return new SpanKey(name, Type.DOUBLE, AttributeKey.doubleKey(name));
    }

    static SpanKey strings(String name) {
        return new SpanKey(name, Type.STRING_ARRAY, AttributeKey.stringArrayKey(name));
    }

    @SuppressWarnings("unchecked")
    AttributeKey<List<String>> stringsKey() {
        return (AttributeKey<List<String>>) otel;
    }

    @Override
    public String toString() {
        return name;
    }
}
