package io.smtptrace.agent.capture;

/** What identifies a connection; fixed once connected. Shared by all operations of the connection. */
public final class ConnectionInfo {

    public final String id;
    public final String library;
    public final String libraryVersion;
    volatile String host;
    volatile int port;
    volatile boolean sslRequested;
    volatile String peerAddress;
    /** True when the agent attached to a connection already in progress. */
    volatile boolean attachedMidway;

    public ConnectionInfo(String id, String library, String libraryVersion) {
        this.id = id;
        this.library = library;
        this.libraryVersion = libraryVersion;
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
