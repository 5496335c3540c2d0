package io.smtptrace.agent.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Attributes in one array, filled by the caller in key order with distinct keys and no null values: what
 * {@code Attributes.builder()...build()} would hold, without the builder's list, copy and sort. The SDK keeps an
 * event's attributes as given (when within the default limits), so an exchange event costs this one array.
 */
final class CompactAttributes implements Attributes {

    private final Object[] kv;
    private final int size;

    /** @param kv keys at even, values at odd indexes, sorted by key name; {@code 2 * size} entries used */
    CompactAttributes(Object[] kv, int size) {
        this.kv = kv;
        this.size = size;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(AttributeKey<T> key) {
        for (int i = 0; i < size; i++) {
            AttributeKey<?> k = (AttributeKey<?>) kv[2 * i];
            if (k.equals(key)) {
                return (T) kv[2 * i + 1];
            }
        }
        return null;
    }

    @Override
    public void forEach(BiConsumer<? super AttributeKey<?>, ? super Object> consumer) {
        for (int i = 0; i < size; i++) {
            consumer.accept((AttributeKey<?>) kv[2 * i], kv[2 * i + 1]);
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public Map<AttributeKey<?>, Object> asMap() {
        Map<AttributeKey<?>, Object> m = new LinkedHashMap<>();
        forEach(m::put);
        return Collections.unmodifiableMap(m);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public AttributesBuilder toBuilder() {
        AttributesBuilder b = Attributes.builder();
        for (int i = 0; i < size; i++) {
            b.put((AttributeKey) kv[2 * i], kv[2 * i + 1]);
        }
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attributes && asMap().equals(((Attributes) o).asMap());
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(asMap());
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
