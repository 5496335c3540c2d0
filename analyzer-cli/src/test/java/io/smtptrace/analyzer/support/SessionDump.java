package io.smtptrace.analyzer.support;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;

/**
 * Every field of a model object as text, in declaration order (the model's own classes, lists, maps, values): two
 * readings of the same input compare field by field (as ParallelReadingTest does for whole runs).
 */
public final class SessionDump {
    private SessionDump() {}

    public static String of(Object o) {
        StringBuilder b = new StringBuilder();
        dump(o, b);
        return b.toString();
    }

    private static void dump(Object o, StringBuilder b) {
        if (o == null || o instanceof CharSequence || o instanceof Number || o instanceof Boolean || o instanceof Character
                || o instanceof java.time.temporal.Temporal || o instanceof Enum<?>) {
            b.append(o);
        } else if (o instanceof Collection<?> c) {
            b.append('[');
            for (Object e : c) {
                dump(e, b);
                b.append(',');
            }
            b.append(']');
        } else if (o instanceof Map<?, ?> m) {
            b.append('{');
            m.forEach((k, v) -> {
                b.append(k).append('=');
                dump(v, b);
                b.append(',');
            });
            b.append('}');
        } else if (o.getClass().isArray()) {
            b.append(java.util.Arrays.deepToString(new Object[] {o}));
        } else {
            b.append(o.getClass().getSimpleName()).append('{');
            for (Class<?> c = o.getClass(); c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers())) continue;
                    f.setAccessible(true);
                    b.append(f.getName()).append('=');
                    try {
                        dump(f.get(o), b);
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                    b.append(';');
                }
            }
            b.append('}');
        }
    }
}
