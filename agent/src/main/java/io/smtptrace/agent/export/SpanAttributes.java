package io.smtptrace.agent.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

import java.util.Arrays;
import java.util.List;

/**
 * The attributes of a span, an event or a link in the span record, in the order they were put: typed keys, numbers
 * and booleans kept unboxed. Reused from span to span on the export thread ({@link #clear()}), so a record costs no
 * allocation once its arrays have grown to the largest span.
 */
final class SpanAttributes {

    private SpanKey[] keys;
    private Object[] refs;
    private long[] nums;
    private int size;

    SpanAttributes(int capacity) {
        keys = new SpanKey[capacity];
        refs = new Object[capacity];
        nums = new long[capacity];
    }

    void clear() {
        Arrays.fill(refs, 0, size, null);
        size = 0;
    }

    int size() {
        return size;
    }

    SpanKey key(int i) {
        return keys[i];
    }

    String string(int i) {
        return (String) refs[i];
    }

    @SuppressWarnings("unchecked")
    List<String> strings(int i) {
        return (List<String>) refs[i];
    }

    long longValue(int i) {
        return nums[i];
    }

    boolean boolValue(int i) {
        return nums[i] != 0;
    }

    double doubleValue(int i) {
        return Double.longBitsToDouble(nums[i]);
    }

    SpanAttributes put(SpanKey k, String v) {
        return add(k, SpanKey.Type.STRING, v, 0);
    }

    SpanAttributes put(SpanKey k, List<String> v) {
        return add(k, SpanKey.Type.STRING_ARRAY, v, 0);
    }

    SpanAttributes put(SpanKey k, long v) {
        return add(k, SpanKey.Type.LONG, null, v);
    }

    SpanAttributes put(SpanKey k, boolean v) {
        return add(k, SpanKey.Type.BOOLEAN, null, v ? 1 : 0);
    }

    SpanAttributes put(SpanKey k, double v) {
        return add(k, SpanKey.Type.DOUBLE, null, Double.doubleToRawLongBits(v));
    }

    private SpanAttributes add(SpanKey k, SpanKey.Type type, Object ref, long num) {
        if (k.type != type) {
            throw new IllegalArgumentException(k + " is of type " + k.type + ", not " + type);
        }
        if (type == SpanKey.Type.STRING_ARRAY || type == SpanKey.Type.STRING) {
            if (ref == null) {
                return this; // as the SDK: a null value sets nothing
            }
        }
        if (size == keys.length) {
            int n = size * 2 + 4;
            keys = Arrays.copyOf(keys, n);
            refs = Arrays.copyOf(refs, n);
            nums = Arrays.copyOf(nums, n);
        }
        keys[size] = k;
        refs[size] = ref;
        nums[size] = num;
        size++;
        return this;
    }

    void copyFrom(SpanAttributes o) {
        clear();
        for (int i = 0; i < o.size; i++) {
            add(o.keys[i], o.keys[i].type, o.refs[i], o.nums[i]);
        }
    }

    /** As OpenTelemetry attributes (boxed, sorted by the SDK's builder): for the SDK sink and its file writer. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Attributes toOtel() {
        if (size == 0) {
            return Attributes.empty();
        }
        AttributesBuilder b = Attributes.builder();
        for (int i = 0; i < size; i++) {
            b.put((AttributeKey) keys[i].otel, value(i));
        }
        return b.build();
    }

    /** The value at {@code i}, boxed. */
    Object value(int i) {
        switch (keys[i].type) {
            case BOOLEAN:
                return boolValue(i);
            case LONG:
                return nums[i];
            case DOUBLE:
                return doubleValue(i);
            default:
                return refs[i];
        }
    }
}
