package io.smtptrace.analyzer.read;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * The attributes of one span, event or resource: a handful of keys, so two parallel arrays searched linearly (hash
 * first) instead of a LinkedHashMap with a node per attribute. Insertion-ordered; a repeated key keeps its first
 * position and takes the last value, as {@code LinkedHashMap.put} did.
 */
final class Attrs {
    static final Attrs EMPTY = new Attrs();

    private String[] keys = new String[8];
    private int[] hashes = new int[8];
    private Object[] values = new Object[8];
    private int size;

    private int indexOf(String key) {
        int h = key.hashCode();
        for (int i = 0; i < size; i++) if (hashes[i] == h && keys[i].equals(key)) return i;
        return -1;
    }

    void put(String key, Object value) {
        int i = indexOf(key);
        if (i >= 0) {
            values[i] = value;
            return;
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        keys[size] = key;
        hashes[size] = key.hashCode();
        values[size++] = value;
    }

    Object get(String key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    boolean containsKey(String key) {
        return indexOf(key) >= 0;
    }

    void forEach(BiConsumer<String, Object> f) {
        for (int i = 0; i < size; i++) f.accept(keys[i], values[i]);
    }

    int size() {
        return size;
    }
}
