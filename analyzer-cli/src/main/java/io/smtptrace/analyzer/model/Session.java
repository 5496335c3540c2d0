package io.smtptrace.analyzer.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One SMTP connection, as both readers (agent traces and JavaMail debug logs) fill it. Everything rules look at is
 * either an exchange or a field both readers can set; {@link SessionDerivation} fills the derived fields the same way
 * for both.
 */
public final class Session {
    public String id;
    public String host;
    public int port;
    public String clientLibrary;
    public String clientLibraryVersion;
    public String serviceName;
    /** implicit TLS requested (smtps or mail.smtp.ssl.enable) */
    public boolean sslRequested;
    /** none, implicit, starttls */
    public String tlsMode;
    public Boolean tlsEstablished;
    public String tlsErrorType;
    public String tlsErrorMessage;
    /**
     * TLS was attempted and not established, but the input holds no exception for it: JavaMail's debug log does not log
     * the handshake exception (implicit TLS: the log ends after "isSSL true"; STARTTLS: after "220 Ready to start TLS").
     */
    public boolean tlsErrorUnlogged;
    public boolean starttlsOffered;
    /** extension lines of each EHLO reply, in order (e.g. "SIZE 10240000", "AUTH PLAIN LOGIN") */
    public final List<List<String>> ehloExtensions = new ArrayList<>();
    public Long sizeLimit;
    /** mail.smtp.auth as seen in the debug log ("useAuth"), null when unknown */
    public Boolean authConfigured;
    public String authMechanism;
    /** success, failure, aborted; null when AUTH was never tried */
    public String authOutcome;
    public Integer authReplyCode;
    public final List<Exchange> exchanges = new ArrayList<>();
    public final List<MessageAttempt> messages = new ArrayList<>();
    /** quit, server_closed, client_exception, timeout, connect_failed */
    public String endReason;
    public Instant start;
    public Instant end;
    public String source;
    /** "type: message" of exceptions the application saw, in order */
    public final List<String> exceptions = new ArrayList<>();
    /** 1 for a whole connection or its first part; a very long connection is analysed in parts to keep memory flat */
    public int part = 1;
    /**
     * The input holds only part of the conversation (a rotated or excerpted log, a connect line filtered out): rebuilt
     * from the first command or reply seen; the server is unknown unless a reply names it.
     */
    public boolean partial;

    /** Exchanges kept per part: a pooled connection that sends for hours is analysed in parts of this size. */
    public static final int MAX_EXCHANGES_PER_PART = 20_000;

    /** The next part of a long connection: same connection facts, no exchanges yet. */
    public Session continuation() {
        Session n = new Session();
        n.part = part + 1;
        String base = part == 1 ? id : id.substring(0, id.lastIndexOf('#'));
        n.id = base + "#" + n.part;
        n.host = host;
        n.port = port;
        n.clientLibrary = clientLibrary;
        n.clientLibraryVersion = clientLibraryVersion;
        n.serviceName = serviceName;
        n.sslRequested = sslRequested;
        n.tlsMode = tlsMode;
        n.tlsEstablished = tlsEstablished;
        n.tlsErrorUnlogged = tlsErrorUnlogged;
        n.starttlsOffered = starttlsOffered;
        n.ehloExtensions.addAll(ehloExtensions);
        n.sizeLimit = sizeLimit;
        n.authConfigured = authConfigured;
        n.authMechanism = authMechanism;
        n.authOutcome = authOutcome;
        n.authReplyCode = authReplyCode;
        n.source = source;
        n.partial = partial;
        n.start = end;
        return n;
    }

    public String server() {
        return (host == null ? "?" : host) + ":" + (port <= 0 ? "?" : String.valueOf(port));
    }

    /** The greeting is the first exchange (seq 1); only the head of the list is looked at, so this is cheap. */
    public Exchange greeting() {
        for (int i = 0; i < Math.min(3, exchanges.size()); i++) if (exchanges.get(i).isGreeting()) return exchanges.get(i);
        return null;
    }

    public boolean greeted() {
        if (part > 1) return true;
        Exchange g = greeting();
        return g != null && g.replyCode != null;
    }

    public boolean authenticated() {
        return "success".equals(authOutcome);
    }

    public boolean tlsActive() {
        return "implicit".equals(tlsMode) || "starttls".equals(tlsMode);
    }

    /** When something happened in this session: the exchange's time, else the session start. */
    public Instant timeOf(Exchange e) {
        return e != null && e.time != null ? e.time : start;
    }

    public Exchange lastExchange() {
        return exchanges.isEmpty() ? null : exchanges.get(exchanges.size() - 1);
    }

    @Override
    public String toString() {
        return "Session " + id + " " + server() + " " + exchanges.size() + " exchanges, end " + endReason;
    }
}
