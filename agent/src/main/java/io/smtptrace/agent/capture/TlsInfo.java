package io.smtptrace.agent.capture;

/** A completed TLS handshake. */
public final class TlsInfo {
    public final String protocol;
    public final String cipher;

    public TlsInfo(String protocol, String cipher) {
        this.protocol = protocol;
        this.cipher = cipher;
    }
}
