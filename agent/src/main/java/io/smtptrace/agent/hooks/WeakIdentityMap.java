package io.smtptrace.agent.hooks;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Identity-keyed map that does not keep its keys alive: a transport the application abandons without closing takes
 * its capture state with it when collected.
 */
final class WeakIdentityMap<K, V> {

    private final ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<>();
    private final ReferenceQueue<K> queue = new ReferenceQueue<>();

    V get(K key) {
        expunge();
        return map.get(new Lookup(key));
    }

    void put(K key, V value) {
        expunge();
        map.put(new WeakKey<>(key, queue), value);
    }

    void remove(K key) {
        map.remove(new Lookup(key));
    }

    int size() {
        expunge();
        return map.size();
    }

    private void expunge() {
        Object ref;
        while ((ref = queue.poll()) != null) {
            map.remove(ref);
        }
    }

    private static final class WeakKey<K> extends WeakReference<K> {
        private final int hash;

        WeakKey(K key, ReferenceQueue<K> q) {
            super(key, q);
            this.hash = System.identityHashCode(key);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            Object k = get();
            if (k == null) {
                return false;
            }
            if (o instanceof WeakKey) {
                return ((WeakKey<?>) o).get() == k;
            }
            return o instanceof Lookup && ((Lookup) o).key == k;
        }
    }

    private static final class Lookup {
        private final Object key;

        Lookup(Object key) {
            this.key = key;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(key);
        }

        @Override
        public boolean equals(Object o) {
            if (o instanceof WeakKey) {
                return ((WeakKey<?>) o).get() == key;
            }
            return o instanceof Lookup && ((Lookup) o).key == key;
        }
    }
}
