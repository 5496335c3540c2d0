package io.smtptrace.agent.metrics;

import java.util.HashSet;
import java.util.Set;

/**
 * Bounds the {@code server.address} values of the metrics: the first {@code limit} distinct servers seen keep their
 * name, every later one is {@link #OTHER}. A direct-to-MX sender talks to thousands of hosts; a time series per host
 * would swamp the metrics backend. Export thread only.
 */
final class ServerNames {

    static final String OTHER = "_other";
    /** A connection whose server was never known (attached to, or failed before the host was set). */
    static final String UNKNOWN = "_unknown";

    private final int limit;
    private final Set<String> kept = new HashSet<>();
    private boolean overflowed;

    ServerNames(int limit) {
        this.limit = Math.max(0, limit);
    }

    String name(String host) {
        if (host == null) {
            return UNKNOWN;
        }
        if (kept.contains(host)) {
            return host;
        }
        if (kept.size() < limit) {
            kept.add(host);
            return host;
        }
        overflowed = true;
        return OTHER;
    }

    /** True once a server was counted as {@link #OTHER}. */
    boolean overflowed() {
        return overflowed;
    }
}
