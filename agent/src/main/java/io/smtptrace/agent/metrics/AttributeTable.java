package io.smtptrace.agent.metrics;

import io.opentelemetry.api.common.Attributes;

import java.util.Arrays;
import java.util.HashMap;

/**
 * Attribute sets of one metric for one server, found by up to two string dimensions and one number, built once: the
 * steady state looks them up without allocating (no key objects, no string building). Export thread only.
 */
final class AttributeTable {

    /** Builds the attribute set of a combination not seen yet; {@code a}, {@code b} may be null, {@code n} may be {@link #NONE}. */
    interface Factory {
        Attributes build(String a, String b, long n);
    }

    static final long NONE = Long.MIN_VALUE;
    private static final String ABSENT = new String("\0absent");
    /** Past this many combinations (a misbehaving server inventing reply codes), new ones share one set. */
    static final int MAX_ENTRIES = 2000;

    private final Factory factory;
    private final HashMap<String, HashMap<String, Numbers>> map = new HashMap<>();
    private int entries;
    private Attributes overflow;

    AttributeTable(Factory factory) {
        this.factory = factory;
    }

    Attributes get(String a, String b, long n) {
        String ka = a == null ? ABSENT : a;
        String kb = b == null ? ABSENT : b;
        HashMap<String, Numbers> inner = map.get(ka);
        Numbers nums = inner == null ? null : inner.get(kb);
        if (nums != null) {
            Attributes found = nums.find(n);
            if (found != null) {
                return found;
            }
        }
        if (entries >= MAX_ENTRIES) {
            if (overflow == null) {
                overflow = factory.build(ServerNames.OTHER, null, NONE);
            }
            return overflow;
        }
        Attributes built = factory.build(a, b, n);
        if (inner == null) {
            inner = new HashMap<>(4);
            map.put(ka, inner);
        }
        if (nums == null) {
            nums = new Numbers();
            inner.put(kb, nums);
        }
        nums.add(n, built);
        entries++;
        return built;
    }

    /** A few numbers (reply codes) per combination: a linear scan of a small array beats boxing a key. */
    private static final class Numbers {
        long[] keys = new long[2];
        Attributes[] values = new Attributes[2];
        int size;

        Attributes find(long n) {
            for (int i = 0; i < size; i++) {
                if (keys[i] == n) {
                    return values[i];
                }
            }
            return null;
        }

        void add(long n, Attributes a) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            keys[size] = n;
            values[size] = a;
            size++;
        }
    }
}
