package io.smtptrace.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.MessageAttempt;
import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.read.OtlpJsonReader.EventRec;
import io.smtptrace.analyzer.read.OtlpJsonReader.SpanRec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spans to sessions as the span contract describes them: grouped by connection (and service and host), exchanges from
 * events or child spans in any order, each session handed over as soon as its last span and every exchange are in.
 */
class OtlpSessionAssemblerTest {
    static final Instant T0 = Instant.parse("2026-11-29T04:10:00Z");

    private final List<Session> out = new ArrayList<>();
    private final StringWriter err = new StringWriter();
    private final OtlpSessionAssembler asm = new OtlpSessionAssembler("trace.jsonl", out::add, new Diagnostics(new PrintWriter(err)));

    static SpanRec span(String spanId, String parent, Object... kv) {
        SpanRec s = new SpanRec();
        s.spanId = spanId;
        s.parentSpanId = parent;
        for (int i = 0; i < kv.length; i += 2) s.attributes.put((String) kv[i], kv[i + 1]);
        return s;
    }

    /** An operation span of connection {@code conn}. */
    static SpanRec op(String spanId, String conn, String operation, Object... kv) {
        SpanRec s = span(spanId, null, kv);
        s.attributes.put("network.protocol.name", "smtp");
        s.attributes.put("smtp.connection.id", conn);
        s.attributes.put("smtp.operation", operation);
        return s;
    }

    static EventRec event(String name, Instant time, Object... kv) {
        EventRec e = new EventRec();
        e.name = name;
        e.time = time;
        for (int i = 0; i < kv.length; i += 2) e.attributes.put((String) kv[i], kv[i + 1]);
        return e;
    }

    static EventRec exchange(long seq, Object... kv) {
        EventRec e = event("smtp.exchange", T0.plusMillis(seq), kv);
        e.attributes.put("smtp.seq", seq);
        return e;
    }

    static SpanRec with(SpanRec s, EventRec... events) {
        s.events.addAll(List.of(events));
        return s;
    }

    static Attrs resource(String service, String host) {
        Attrs r = new Attrs();
        if (service != null) r.put("service.name", service);
        if (host != null) r.put("host.name", host);
        return r;
    }

    @Test
    void operationSpansFillTheConnectionFactsFirstOneWinsTimesSpanAll() {
        SpanRec connect = with(op("s1", "c1", "connect",
                "server.address", "smtp.example.com", "server.port", 587L,
                "smtp.client.library", "org.eclipse.angus:angus-mail", "smtp.client.library.version", "2.0.3",
                "smtp.ssl.requested", true, "smtp.tls.mode", "starttls", "tls.established", false,
                "smtp.tls.error.type", "javax.net.ssl.SSLHandshakeException", "smtp.tls.error.message", "PKIX path building failed",
                "smtp.ehlo.starttls_offered", true, "smtp.ehlo.extensions", List.of("PIPELINING", "SIZE 1000"),
                "smtp.ehlo.size_limit", 1000L, "smtp.auth.mechanism", "PLAIN", "smtp.auth.outcome", "failure",
                "smtp.auth.reply_code", 535L),
                event("exception", T0, "exception.type", "javax.mail.AuthenticationFailedException", "exception.message", "535 bad"),
                event("exception", T0, "exception.type", "java.net.SocketTimeoutException"),
                event("exception", T0, "exception.message", "no type"),
                event("log", T0, "exception.type", "not an exception event"));
        connect.start = T0.plusSeconds(1);
        connect.end = T0.plusSeconds(2);
        connect.resource = resource("billing", "app-1");
        SpanRec close = op("s2", "c1", "close", "server.address", "other.example.com", "server.port", 25L,
                "smtp.client.library", "other", "smtp.client.library.version", "9", "smtp.ssl.requested", false,
                "smtp.connection.end", "quit");
        close.start = T0;
        close.end = T0.plusSeconds(3);
        close.resource = resource("billing", "app-1");
        asm.accept(connect);
        assertThat(out).isEmpty();
        asm.accept(close);
        Session s = assertThat(out).singleElement().actual();
        assertThat(s.id).isEqualTo("c1");
        assertThat(s.source).isEqualTo("trace.jsonl");
        assertThat(s.serviceName).isEqualTo("billing");
        assertThat(s.host).isEqualTo("smtp.example.com");
        assertThat(s.port).isEqualTo(587);
        assertThat(s.clientLibrary).isEqualTo("org.eclipse.angus:angus-mail");
        assertThat(s.clientLibraryVersion).isEqualTo("2.0.3");
        assertThat(s.sslRequested).isTrue();
        assertThat(s.start).isEqualTo(T0);
        assertThat(s.end).isEqualTo(T0.plusSeconds(3));
        assertThat(s.tlsMode).isEqualTo("starttls");
        assertThat(s.tlsEstablished).isFalse();
        assertThat(s.tlsErrorType).isEqualTo("javax.net.ssl.SSLHandshakeException");
        assertThat(s.tlsErrorMessage).isEqualTo("PKIX path building failed");
        assertThat(s.starttlsOffered).isTrue();
        assertThat(s.ehloExtensions).containsExactly(List.of("PIPELINING", "SIZE 1000"));
        assertThat(s.sizeLimit).isEqualTo(1000L);
        assertThat(s.authMechanism).isEqualTo("PLAIN");
        assertThat(s.authOutcome).isEqualTo("failure");
        assertThat(s.authReplyCode).isEqualTo(535);
        assertThat(s.endReason).isEqualTo("quit");
        assertThat(s.exceptions).containsExactly("javax.mail.AuthenticationFailedException: 535 bad",
                "java.net.SocketTimeoutException", ": no type");
        assertThat(asm.smtpSpans()).isEqualTo(2);
        assertThat(asm.otherSpans()).isZero();
    }

    @Test
    void laterSpansDoNotUndoEarlierFactsButUpdateTheirOwn() {
        SpanRec a = op("s1", "c1", "connect", "smtp.ssl.requested", false, "server.port", "587", "tls.established", true);
        a.start = T0;
        a.end = T0.plusSeconds(5);
        SpanRec b = op("s2", "c1", "close", "smtp.ssl.requested", true, "server.port", 25L, "tls.established", "yes",
                "smtp.ehlo.starttls_offered", "true", "smtp.auth.reply_code", "535", "smtp.ehlo.size_limit", "9",
                "smtp.ehlo.extensions", "PIPELINING", "smtp.connection.end", "error");
        b.start = T0.plusSeconds(1);
        b.end = T0.plusSeconds(2);
        asm.accept(a);
        asm.accept(b);
        Session s = assertThat(out).singleElement().actual();
        assertThat(s.sslRequested).isTrue();
        assertThat(s.port).isEqualTo(25);
        assertThat(s.start).isEqualTo(T0);
        assertThat(s.end).isEqualTo(T0.plusSeconds(5));
        assertThat(s.tlsEstablished).isTrue();
        assertThat(s.starttlsOffered).isFalse();
        assertThat(s.authReplyCode).isNull();
        assertThat(s.sizeLimit).isNull();
        assertThat(s.ehloExtensions).isEmpty();
        assertThat(s.host).isNull();
        assertThat(s.serviceName).isNull();
        assertThat(s.endReason).isEqualTo("error");
    }

    @Test
    void sendSpansBecomeMessageAttempts() {
        SpanRec send = op("s2", "c1", "send", "smtp.message.index", 2L, "smtp.envelope.sender", "***@example.com",
                "smtp.envelope.recipients", List.of("***@a.example", "***@b.example"),
                "smtp.envelope.recipients_refused", List.of("***@b.example"), "smtp.data.started", true,
                "smtp.data.completed", true, "smtp.data.bytes", 1843L, "smtp.body.lines", 31L, "smtp.body.nul", 0L,
                "smtp.body.error.type", "java.io.IOException", "smtp.body.error.message", "broken pipe",
                "smtp.message.outcome", "accepted");
        SpanRec other = op("s3", "c1", "rset", "smtp.message.index", 3L, "smtp.envelope.recipients", "not a list",
                "smtp.data.bytes", "12", "smtp.data.started", "true");
        SpanRec noIndex = op("s4", "c1", "send", "smtp.connection.end", "quit");
        asm.accept(send);
        asm.accept(other);
        asm.accept(noIndex);
        Session s = assertThat(out).singleElement().actual();
        // sorted by index
        assertThat(s.messages).extracting(x -> x.index).containsExactly(0, 2, 3);
        MessageAttempt m = s.messages.get(1);
        assertThat(m.index).isEqualTo(2);
        assertThat(m.sender).isEqualTo("***@example.com");
        assertThat(m.recipients).containsExactly("***@a.example", "***@b.example");
        assertThat(m.refused).containsExactly("***@b.example");
        assertThat(m.dataStarted).isTrue();
        assertThat(m.dataCompleted).isTrue();
        assertThat(m.bytes).isEqualTo(1843L);
        assertThat(m.body).containsExactly(org.assertj.core.api.Assertions.entry("lines", 31L),
                org.assertj.core.api.Assertions.entry("nul", 0L));
        assertThat(m.bodyErrorType).isEqualTo("java.io.IOException");
        assertThat(m.bodyErrorMessage).isEqualTo("broken pipe");
        assertThat(m.outcome).isEqualTo("accepted");
        MessageAttempt n = s.messages.get(2);
        assertThat(n.index).isEqualTo(3);
        assertThat(n.recipients).isEmpty();
        assertThat(n.bytes).isNull();
        assertThat(n.dataStarted).isFalse();
        assertThat(n.dataCompleted).isFalse();
    }

    @Test
    void exchangeEventsMapEveryAttribute() {
        SpanRec connect = with(op("s1", "c1", "connect", "smtp.exchange.first_seq", 1L, "smtp.exchange.count", 3L),
                exchange(1, "smtp.reply.code", 220L, "smtp.reply.lines", List.of("220 mx ESMTP")),
                exchange(2, "smtp.exchange.type", "command", "smtp.command.verb", "EHLO", "smtp.command.line", "EHLO app",
                        "smtp.reply.code", 250L, "smtp.reply.lines", List.of("250-mx", "250 SIZE 1000"),
                        "smtp.exchange.duration_ms", 1.5),
                exchange(3, "smtp.exchange.type", "in_flight_reply", "smtp.reply.code", "550",
                        "smtp.reply.enhanced_code", "5.7.1", "smtp.reply.error", "java.net.SocketException",
                        "smtp.reply.error.message", "reset", "smtp.exchange.duration_ms", "slow", "smtp.reply.lines", "x"),
                event("smtp.exchange", null, "smtp.reply.code", 250L),
                event("smtp.exchange", T0, "smtp.seq", "4"));
        connect.start = T0.minusSeconds(1);
        connect.attributes.put("smtp.connection.end", "quit");
        asm.accept(connect);
        Session s = assertThat(out).singleElement().actual();
        assertThat(s.exchanges).extracting(e -> e.seq).containsExactly(1, 2, 3);
        Exchange g = s.exchanges.get(0);
        assertThat(g.type).isEqualTo(Exchange.GREETING);
        assertThat(g.time).isEqualTo(T0.plusMillis(1));
        assertThat(g.operation).isEqualTo("connect");
        assertThat(g.replyCode).isEqualTo(220);
        assertThat(g.replyLines).containsExactly("220 mx ESMTP");
        Exchange ehlo = s.exchanges.get(1);
        assertThat(ehlo.type).isEqualTo("command");
        assertThat(ehlo.verb).isEqualTo("EHLO");
        assertThat(ehlo.line).isEqualTo("EHLO app");
        assertThat(ehlo.replyLines).containsExactly("250-mx", "250 SIZE 1000");
        assertThat(ehlo.durationMs).isEqualTo(1.5);
        Exchange inFlight = s.exchanges.get(2);
        assertThat(inFlight.type).isEqualTo("in_flight_reply");
        assertThat(inFlight.isGreeting()).isFalse();
        assertThat(inFlight.verb).isNull();
        assertThat(inFlight.enhancedCode).isEqualTo("5.7.1");
        assertThat(inFlight.replyError).isEqualTo("java.net.SocketException");
        assertThat(inFlight.replyErrorMessage).isEqualTo("reset");
        assertThat(inFlight.durationMs).isNull();
        assertThat(inFlight.replyLines).isEmpty();
    }

    @Test
    void anEventWithoutItsOwnTimeTakesTheSpansStart() {
        EventRec e = exchange(1, "smtp.command.verb", "NOOP");
        e.time = null;
        SpanRec sp = with(op("s1", "c1", "noop", "smtp.connection.end", "quit"), e);
        sp.start = T0.plusSeconds(7);
        asm.accept(sp);
        assertThat(out).singleElement().satisfies(s -> {
            assertThat(s.exchanges).singleElement().satisfies(x -> assertThat(x.time).isEqualTo(T0.plusSeconds(7)));
            assertThat(s.exchanges.get(0).type).isEqualTo(Exchange.COMMAND);
        });
    }

    @Test
    void aSessionWaitsForItsMissingExchangesThenGoesAtOnce() {
        asm.accept(with(op("s1", "c1", "connect", "smtp.exchange.first_seq", 1L, "smtp.exchange.count", 2L),
                exchange(1), exchange(2, "smtp.command.verb", "EHLO")));
        // the last span announces exchanges 3..5, of which 4 is late
        asm.accept(with(op("s3", "c1", "close", "smtp.exchange.first_seq", 3L, "smtp.exchange.count", 3L,
                "smtp.connection.end", "quit"), exchange(3, "smtp.command.verb", "MAIL"), exchange(5, "smtp.command.verb", "QUIT")));
        assertThat(out).isEmpty();
        asm.accept(with(op("s2", "c1", "send", "smtp.exchange.first_seq", 4L, "smtp.exchange.count", 1L),
                exchange(4, "smtp.command.verb", "RCPT")));
        assertThat(out).singleElement().satisfies(s -> assertThat(s.exchanges).extracting(e -> e.seq).containsExactly(1, 2, 3, 4, 5));
    }

    @Test
    void anAnnouncedButNeverArrivingExchangeHoldsTheSessionUntilTheEnd() {
        asm.accept(with(op("s1", "c1", "close", "smtp.exchange.first_seq", 2L, "smtp.exchange.count", 2L,
                "smtp.connection.end", "quit"), exchange(2, "smtp.command.verb", "QUIT")));
        assertThat(out).isEmpty();
        asm.accept(with(op("s9", "c9", "close", "smtp.exchange.first_seq", 1L, "smtp.exchange.count", 1L,
                "smtp.connection.end", "quit"), exchange(1)));
        assertThat(out).extracting(s -> s.id).containsExactly("c9");
        asm.flushAll();
        assertThat(out).extracting(s -> s.id).containsExactly("c9", "c1");
        assertThat(out.get(1).exchanges).extracting(e -> e.seq).containsExactly(2);
        asm.flushAll();
        assertThat(out).hasSize(2);
    }

    @Test
    void anExchangeEventCountedByFirstSeqAloneDoesNotAnnounceAnything() {
        asm.accept(with(op("s1", "c1", "close", "smtp.exchange.first_seq", 5L, "smtp.connection.end", "quit"), exchange(1)));
        asm.accept(with(op("s2", "c2", "close", "smtp.exchange.count", 5L, "smtp.connection.end", "quit"), exchange(1)));
        assertThat(out).extracting(s -> s.id).containsExactly("c1", "c2");
    }

    @Test
    void repeatedExchangesAreKeptOnce() {
        asm.accept(with(op("s1", "c1", "connect"), exchange(1), exchange(2, "smtp.command.verb", "EHLO")));
        asm.accept(with(op("s1", "c1", "connect"), exchange(2, "smtp.command.verb", "EHLO")));
        asm.accept(with(op("s2", "c1", "close", "smtp.connection.end", "quit"), exchange(3, "smtp.command.verb", "QUIT")));
        assertThat(out).singleElement().satisfies(s -> assertThat(s.exchanges).extracting(e -> e.seq).containsExactly(1, 2, 3));
    }

    @Test
    void exchangeChildSpansJoinTheirParentsConnectionInAnyOrder() {
        SpanRec early = span("x1", "p1", "smtp.seq", 1L, "smtp.exchange.type", "greeting", "smtp.reply.code", 220L);
        early.start = T0;
        asm.accept(early);
        asm.accept(span("x2", "p1", "smtp.seq", 2L, "smtp.command.verb", "EHLO"));
        assertThat(asm.smtpSpans()).isEqualTo(2);
        asm.accept(op("p1", "c1", "connect", "smtp.exchange.first_seq", 1L, "smtp.exchange.count", 3L));
        SpanRec late = span("x3", "p1", "smtp.seq", 3L, "smtp.command.verb", "QUIT");
        asm.accept(late);
        // an exchange span that names its connection itself
        asm.accept(op("x4", "c1", "connect", "smtp.seq", 4L, "smtp.command.verb", "NOOP"));
        asm.accept(span("x9", "unknown-parent", "smtp.seq", 9L));
        asm.accept(op("p2", "c1", "close", "smtp.connection.end", "quit"));
        Session s = assertThat(out).singleElement().actual();
        assertThat(s.exchanges).extracting(e -> e.seq).containsExactly(1, 2, 3, 4);
        assertThat(s.exchanges.get(0).time).isEqualTo(T0);
        assertThat(s.exchanges.get(0).isGreeting()).isTrue();
        assertThat(s.exchanges).allSatisfy(e -> assertThat(e.operation).isNull());
        assertThat(asm.smtpSpans()).isEqualTo(7);
        asm.flushAll();
        assertThat(out).hasSize(1);
    }

    @Test
    void orphanExchangesAreNotKeptAcrossAFlush() {
        asm.accept(span("x1", "p1", "smtp.seq", 1L));
        asm.flushAll();
        asm.accept(op("p1", "c1", "close", "smtp.connection.end", "quit"));
        assertThat(out).singleElement().satisfies(s -> assertThat(s.exchanges).isEmpty());
    }

    @Test
    void spansOfOtherProtocolsAndIncompleteOnesAreCountedAsOther() {
        asm.accept(span("h1", null, "network.protocol.name", "http", "smtp.connection.id", "c1"));
        asm.accept(span("h2", null, "network.protocol.name", "smtp"));
        asm.accept(span("h3", null, "smtp.seq", 1L)); // an exchange without parent nor connection
        asm.accept(span("h4", null, "smtp.connection.id", "c1"));
        asm.accept(span("h5", null));
        SpanRec upper = op("s1", "c2", "close", "smtp.connection.end", "quit");
        upper.attributes.put("network.protocol.name", "SMTP");
        asm.accept(upper);
        assertThat(asm.otherSpans()).isEqualTo(5);
        assertThat(asm.smtpSpans()).isEqualTo(1);
        assertThat(out).extracting(s -> s.id).containsExactly("c2");
    }

    @Test
    void theSameConnectionIdOfAnotherServiceOrHostIsAnotherConnection() {
        String[][] resources = {{"billing", "h1"}, {"orders", "h1"}, {"billing", "h2"}, {null, "h1"}, {"billing", null}, {null, null}};
        for (String[] r : resources) {
            SpanRec s = op("s", "c1", "connect", "server.address", r[0] + "@" + r[1]);
            s.resource = resource(r[0], r[1]);
            asm.accept(s);
        }
        for (String[] r : resources) {
            SpanRec s = op("s", "c1", "close", "smtp.connection.end", "quit");
            s.resource = resource(r[0], r[1]);
            asm.accept(s);
        }
        assertThat(out).extracting(s -> s.host).containsExactly("billing@h1", "orders@h1", "billing@h2", "null@h1",
                "billing@null", "null@null");
        assertThat(out).extracting(s -> s.serviceName).containsExactly("billing", "orders", "billing", null, "billing", null);
    }

    @Test
    void tooManyOpenConnectionsReleaseTheOldestWithOneWarning() {
        for (int i = 0; i < OtlpSessionAssembler.MAX_OPEN; i++) asm.accept(op("s" + i, "c" + i, "connect"));
        assertThat(out).isEmpty();
        assertThat(err.toString()).isEmpty();
        asm.accept(op("n1", "new1", "connect"));
        asm.accept(op("n2", "new2", "connect"));
        assertThat(out).extracting(s -> s.id).containsExactly("c0", "c1");
        assertThat(err.toString().lines()).containsExactly("smtp-trace: trace.jsonl: more than 5000 connections open at once;"
                + " releasing the oldest ones early (their findings may be incomplete)");
        // a span of a released connection opens it again
        asm.accept(op("s0b", "c0", "close", "smtp.connection.end", "quit"));
        assertThat(out).extracting(s -> s.id).containsExactly("c0", "c1", "c2", "c0");
        asm.flushAll();
        assertThat(out).hasSize(OtlpSessionAssembler.MAX_OPEN + 3);
    }

    @Test
    void aVeryLongConnectionIsHandedOverInParts() {
        int max = Session.MAX_EXCHANGES_PER_PART;
        SpanRec first = op("s1", "c1", "send");
        for (int i = 1; i < max; i++) first.events.add(exchange(i, "smtp.command.verb", "NOOP"));
        asm.accept(first);
        assertThat(out).isEmpty();
        asm.accept(with(op("s2", "c1", "send"), exchange(max + 1, "smtp.command.verb", "NOOP")));
        // exchange max is missing: no part yet
        assertThat(out).isEmpty();
        asm.accept(with(op("s3", "c1", "send"), exchange(max, "smtp.command.verb", "NOOP")));
        assertThat(out).singleElement().satisfies(p -> {
            assertThat(p.id).isEqualTo("c1");
            assertThat(p.exchanges).hasSize(max + 1);
            assertThat(p.endReason).isEqualTo("continued");
        });
        // a repeat of an exchange already handed over is not taken again
        asm.accept(with(op("s4", "c1", "close", "smtp.connection.end", "quit"), exchange(5, "smtp.command.verb", "NOOP"),
                exchange(max + 2, "smtp.command.verb", "QUIT")));
        assertThat(out).hasSize(2);
        Session second = out.get(1);
        assertThat(second.id).isEqualTo("c1#2");
        assertThat(second.part).isEqualTo(2);
        assertThat(second.exchanges).extracting(e -> e.seq).containsExactly(max + 2);
        assertThat(second.endReason).isEqualTo("quit");
    }

    @Test
    void anEndedConnectionIsNotSplit() {
        int max = Session.MAX_EXCHANGES_PER_PART;
        SpanRec first = op("s1", "c1", "send", "smtp.exchange.first_seq", 1L, "smtp.exchange.count", (long) max + 1,
                "smtp.connection.end", "quit");
        for (int i = 1; i <= max; i++) first.events.add(exchange(i, "smtp.command.verb", "NOOP"));
        asm.accept(first);
        assertThat(out).isEmpty();
        asm.flushAll();
        assertThat(out).singleElement().satisfies(s -> {
            assertThat(s.exchanges).hasSize(max);
            assertThat(s.endReason).isEqualTo("quit");
        });
    }

    @Test
    void orphanExchangesAreBounded() {
        for (int i = 1; i <= 20_001; i++) asm.accept(span("x" + i, "p1", "smtp.seq", (long) i));
        asm.accept(op("p1", "c1", "close", "smtp.connection.end", "quit"));
        asm.flushAll();
        assertThat(out).hasSizeGreaterThanOrEqualTo(1);
        assertThat(out.stream().mapToInt(s -> s.exchanges.size()).sum()).isEqualTo(20_000);
        assertThat(asm.smtpSpans()).isEqualTo(20_002);
    }
    @Test
    void theParentsOfTheLast50000SpansAreRemembered() {
        for (int others : new int[] {49_999, 50_000}) {
            List<Session> got = new ArrayList<>();
            OtlpSessionAssembler a = new OtlpSessionAssembler("t", got::add, new Diagnostics(new PrintWriter(new StringWriter())));
            a.accept(op("p0", "c1", "connect"));
            SpanRec other = op(null, "c1", "noop");
            for (int i = 0; i < others; i++) {
                other.spanId = "o" + i;
                a.accept(other);
            }
            a.accept(span("x1", "p0", "smtp.seq", 1L, "smtp.command.verb", "NOOP"));
            a.flushAll();
            assertThat(got).singleElement().satisfies(s -> assertThat(s.exchanges).as("%d", others).hasSize(others == 49_999 ? 1 : 0));
        }
    }

    @Test
    void adoptedOrphansMakeRoomForLaterOnes() {
        for (int i = 1; i <= 20_000; i++) asm.accept(span("x" + i, "p1", "smtp.seq", (long) i));
        asm.accept(op("p1", "c1", "close", "smtp.connection.end", "quit"));
        // the 20 000 waiting exchanges went to c1: the next orphan has room again
        asm.accept(span("y1", "p2", "smtp.seq", 1L, "smtp.command.verb", "NOOP"));
        asm.accept(op("p2", "c2", "close", "smtp.connection.end", "quit"));
        assertThat(out).extracting(s -> s.id + " " + s.exchanges.size()).containsExactly("c1 20000", "c2 1");
    }

    @Test
    void aConnectionIsSplitAsSoonAsItHoldsTheMaximum() {
        int max = Session.MAX_EXCHANGES_PER_PART;
        SpanRec first = op("s1", "c1", "send");
        for (int i = 1; i <= max; i++) first.events.add(exchange(i, "smtp.command.verb", "NOOP"));
        asm.accept(first);
        assertThat(out).singleElement().satisfies(p -> {
            assertThat(p.exchanges).hasSize(max);
            assertThat(p.endReason).isEqualTo("continued");
        });
        // the last exchange handed over, repeated (a Collector's retry), is not taken into the next part
        asm.accept(with(op("s2", "c1", "close", "smtp.connection.end", "quit"), exchange(max, "smtp.command.verb", "NOOP"),
                exchange(max + 1, "smtp.command.verb", "QUIT")));
        assertThat(out).hasSize(2);
        assertThat(out.get(1).exchanges).extracting(e -> e.seq).containsExactly(max + 1);
    }

    @Test
    void sslIsRequestedOnlyWhenASpanSaysTrue() {
        asm.accept(op("s1", "c1", "connect", "smtp.ssl.requested", false));
        asm.accept(op("s2", "c1", "close", "smtp.ssl.requested", "true", "smtp.connection.end", "quit"));
        asm.accept(op("s3", "c2", "close", "smtp.connection.end", "quit"));
        assertThat(out).extracting(s -> s.id + " " + s.sslRequested).containsExactly("c1 false", "c2 false");
    }
}
