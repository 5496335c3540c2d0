package io.smtptrace.analyzer.support;

import java.time.Instant;
import java.util.Locale;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.MessageAttempt;
import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.model.SessionDerivation;

/** A small DSL for synthetic conversations in rule unit tests. */
public final class Conversation {
    private final Session s = new Session();
    private Instant t;
    private int seq;

    public static Conversation to(String host, int port) {
        Conversation c = new Conversation();
        c.s.id = "conv-" + Integer.toHexString(System.identityHashCode(c));
        c.s.host = host;
        c.s.port = port;
        c.s.source = "synthetic";
        c.t = Instant.parse("2026-11-29T04:10:00Z");
        c.s.start = c.t;
        return c;
    }

    public Conversation id(String id) {
        s.id = id;
        return this;
    }

    public Conversation at(Instant when) {
        t = when;
        s.start = when;
        return this;
    }

    public Conversation ssl() {
        s.sslRequested = true;
        return this;
    }

    public Conversation greet(String... reply) {
        Exchange e = new Exchange();
        e.type = Exchange.GREETING;
        e.seq = ++seq;
        e.time = t;
        for (String r : reply) e.replyLines.add(r);
        s.exchanges.add(e);
        return this;
    }

    /** A command and its reply lines; no reply lines means no reply. */
    public Conversation cmd(String line, String... reply) {
        return cmdTook(line, 5, reply);
    }

    public Conversation cmdTook(String line, double ms, String... reply) {
        t = t.plusMillis(10);
        Exchange e = new Exchange();
        e.seq = ++seq;
        e.time = t;
        e.line = line;
        e.verb = line.equals(".") ? "." : line.split("[ :]", 2)[0].toUpperCase(Locale.ROOT);
        if (line.equals("[redacted]")) {
            e.type = Exchange.AUTH_CONTINUATION;
            e.verb = null;
        }
        for (String r : reply) e.replyLines.add(r);
        if (reply.length > 0) e.durationMs = ms;
        s.exchanges.add(e);
        return this;
    }

    public Conversation noReply(String line, String error) {
        cmd(line);
        s.lastExchange().replyError = error;
        return this;
    }

    public Conversation tlsError(String type, String message) {
        s.tlsErrorType = type;
        s.tlsErrorMessage = message;
        s.tlsEstablished = false;
        return this;
    }

    public Conversation exception(String e) {
        s.exceptions.add(e);
        return this;
    }

    public Conversation end(String reason) {
        s.endReason = reason;
        return this;
    }

    /** A whole, correct submission on 587: STARTTLS, AUTH PLAIN, one message, QUIT. */
    public Conversation correct() {
        greet("220 smtp.example.com ESMTP ready");
        cmd("EHLO app", "250-smtp.example.com", "250-STARTTLS", "250 SIZE 10240000");
        cmd("STARTTLS", "220 2.0.0 Ready to start TLS");
        cmd("EHLO app", "250-smtp.example.com", "250-AUTH PLAIN LOGIN", "250 SIZE 10240000");
        cmd("AUTH PLAIN", "235 2.7.0 Authentication successful");
        message();
        return cmd("QUIT", "221 2.0.0 Bye");
    }

    public Conversation message() {
        cmd("MAIL FROM:<***@example.com>", "250 2.1.0 Ok");
        cmd("RCPT TO:<***@example.org>", "250 2.1.5 Ok");
        cmd("DATA", "354 End data with <CR><LF>.<CR><LF>");
        return cmd(".", "250 2.0.0 Ok: queued as 12345");
    }

    public Session build() {
        s.end = t;
        SessionDerivation.derive(s);
        return s;
    }

    public Session build(java.util.function.Consumer<MessageAttempt> firstMessage) {
        Session x = build();
        if (!x.messages.isEmpty()) firstMessage.accept(x.messages.get(0));
        return x;
    }
}
