package io.smtptrace.agent.capture;

/** What identifies a connection; fixed once connected. Shared by all operations of the connection. */
public final class ConnectionInfo {

    public final String id;
    public final String library;
    public final String libraryVersion;
    /** {@code javax.mail} or {@code jakarta.mail}: the package of the exceptions the application sees; may be null. */
    public final String api;
    /**
     * The trace id (two halves) and the connect span's id of this connection, drawn when the connection starts, on the
     * application's thread: every span of the connection joins this trace even if its connect span was dropped.
     */
    public final long traceIdHigh;
    public final long traceIdLow;
    public final long connectSpanId;
    /**
     * The sampled application span the connect operation ran under, if any: then the connect span, and with it every
     * span of the connection that has no application span of its own, lives in that span's trace (issue #11).
     */
    volatile ParentRef connectParent;
    volatile String host;
    volatile int port;
    volatile boolean sslRequested;
    volatile String peerAddress;
    /** True when the agent attached to a connection already in progress. */
    volatile boolean attachedMidway;

    public ConnectionInfo(String id, String library, String libraryVersion) {
        this(id, library, libraryVersion, null);
    }

    public ConnectionInfo(String id, String library, String libraryVersion, String api) {
        this.id = id;
        this.library = library;
        this.libraryVersion = libraryVersion;
        this.api = api;
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        long hi;
        long lo;
        long span;
        do {
            hi = r.nextLong();
            lo = r.nextLong();
            // PIT: NegateConditionals on one half here is equivalent in practice: a random long is 0 once in 2^64
        } while (hi == 0 && lo == 0); // all-zero ids are invalid in W3C trace context
        do {
            span = r.nextLong();
        } while (span == 0);
        this.traceIdHigh = hi;
        this.traceIdLow = lo;
        this.connectSpanId = span;
    }

    /** For a connection whose start the agent did not see (attached to it while open): what the transport knows. */
    public void serverFromTransport(String host, int port) {
        if (this.host == null) {
            this.host = host;
        }
        if (this.port <= 0 && port > 0) {
            this.port = port;
        }
    }

    /** The sampled application span the connection was opened under, or null (then the connection's own trace). */
    public ParentRef connectParent() {
        return connectParent;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public boolean sslRequested() {
        return sslRequested;
    }

    public String peerAddress() {
        return peerAddress;
    }

    public boolean attachedMidway() {
        return attachedMidway;
    }
}
