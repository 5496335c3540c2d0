package io.smtptrace.analyzer.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.smtptrace.analyzer.support.Conversation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every reader gets derived from the exchanges alone: EHLO facts, TLS, AUTH, messages, the end, the times. */
class SessionDerivationTest {

    private static final Instant T0 = Instant.parse("2026-11-29T04:10:00Z");

    private static Exchange ex(int seq, String verb, String line, String... reply) {
        Exchange e = new Exchange();
        e.seq = seq;
        e.verb = verb;
        e.line = line;
        e.type = verb == null && line == null ? Exchange.GREETING : null;
        for (String r : reply) e.replyLines.add(r);
        return e;
    }

    private static Session session(Exchange... ex) {
        Session s = new Session();
        s.host = "mx.example";
        s.port = 25;
        s.exchanges.addAll(List.of(ex));
        return SessionDerivation.derive(s);
    }

    private static Session greeted(String... more) {
        Conversation c = Conversation.to("mx.example", 25).greet("220 mx");
        for (int i = 0; i < more.length; i += 2) c.cmd(more[i], more[i + 1]);
        return c.build();
    }

    // ---- replies --------------------------------------------------------------------------------------------------

    @Test
    void theCodesComeFromTheLastReplyLine() {
        Session s = session(ex(2, "RCPT", "RCPT TO:<x>", "550-5.1.1 first line", "550 5.1.2 last line"),
                ex(1, null, null, "220 mx"));
        assertThat(s.exchanges).extracting(e -> e.seq).as("sorted by seq").containsExactly(1, 2);
        Exchange rcpt = s.exchanges.get(1);
        assertThat(rcpt.replyCode).isEqualTo(550);
        assertThat(rcpt.enhancedCode).isEqualTo("5.1.2");
        // no enhanced code, a code of 3 digits only, or a line too short for one
        Session t = session(ex(1, null, null, "220 mx ESMTP"), ex(2, "NOOP", "NOOP", "2x0 odd"),
                ex(3, "NOOP", "NOOP", "25"), ex(4, "RSET", "RSET", "250 2.0.0 Ok"), ex(5, "NOOP", "NOOP", "250 3.1.1 no"));
        assertThat(t.exchanges).extracting(e -> e.replyCode).containsExactly(220, null, null, 250, 250);
        assertThat(t.exchanges).extracting(e -> e.enhancedCode).containsExactly(null, null, null, "2.0.0", null);
        // a reader's own values are kept
        Exchange own = ex(1, null, null, "220 2.0.0 mx");
        own.replyCode = 221;
        own.enhancedCode = "4.4.4";
        Session u = session(own);
        assertThat(u.exchanges.get(0).replyCode).isEqualTo(221);
        assertThat(u.exchanges.get(0).enhancedCode).isEqualTo("4.4.4");
    }

    // ---- EHLO -----------------------------------------------------------------------------------------------------

    @Test
    void ehloExtensionsStarttlsAndSizeComeFromAccepted250Replies() {
        Session s = greeted("EHLO a", "250-mx");
        s = Conversation.to("mx.example", 25).greet("220 mx")
                .cmd("EHLO a", "250-mx", "250-starttls", "250-SIZE 1000", "250 8BITMIME").build();
        assertThat(s.ehloExtensions).containsExactly(List.of("starttls", "SIZE 1000", "8BITMIME"));
        assertThat(s.starttlsOffered).isTrue();
        assertThat(s.sizeLimit).isEqualTo(1000L);

        Session refused = Conversation.to("mx.example", 25).greet("220 mx")
                .cmd("EHLO a", "502-mx", "502 STARTTLS").build();
        assertThat(refused.ehloExtensions).isEmpty();
        assertThat(refused.starttlsOffered).isFalse();
        assertThat(refused.sizeLimit).isNull();
    }

    @Test
    void theLastEhloDecidesTheSizeLimit() {
        Session s = Conversation.to("mx.example", 587).greet("220 mx")
                .cmd("EHLO a", "250-mx", "250-STARTTLS", "250 SIZE 10").cmd("STARTTLS", "220 go")
                .cmd("EHLO a", "250-mx", "250 size 20").build();
        assertThat(s.sizeLimit).isEqualTo(20L);
        assertThat(s.starttlsOffered).isTrue();
        assertThat(Conversation.to("mx", 25).greet("220 mx").cmd("EHLO a", "250-mx", "250 SIZE").build().sizeLimit)
                .as("SIZE without a number: no limit").isZero();
        assertThat(Conversation.to("mx", 25).greet("220 mx").cmd("EHLO a", "250-mx", "250 SIZE lots").build().sizeLimit)
                .isZero();
        assertThat(Conversation.to("mx", 25).greet("220 mx").cmd("EHLO a", "250-mx", "250 SIZEX 5").build().sizeLimit)
                .isNull();
        assertThat(Conversation.to("mx", 25).greet("220 mx").cmd("EHLO a", "250-mx", "250 SIZ").build().sizeLimit)
                .isNull();
    }

    @Test
    void extensionsAReaderAlreadySetAreKeptAndStillRead() {
        Session s = new Session();
        s.ehloExtensions.add(List.of("STARTTLS", "SIZE 5"));
        s.exchanges.add(ex(1, null, null, "220 mx"));
        s.exchanges.add(ex(2, "EHLO", "EHLO a", "250-mx", "250 AUTH PLAIN"));
        SessionDerivation.derive(s);
        assertThat(s.ehloExtensions).containsExactly(List.of("STARTTLS", "SIZE 5"));
        assertThat(s.starttlsOffered).isTrue();
        assertThat(s.sizeLimit).isEqualTo(5L);
        Session own = new Session();
        own.sizeLimit = 7L;
        own.exchanges.add(ex(1, "EHLO", "EHLO a", "250-mx", "250 SIZE 9"));
        assertThat(SessionDerivation.derive(own).sizeLimit).isEqualTo(7L);
    }

    // ---- TLS ------------------------------------------------------------------------------------------------------

    @Test
    void tlsModeAndWhetherItWasEstablished() {
        Session plain = greeted("EHLO a", "250 mx");
        assertThat(plain.tlsMode).isEqualTo("none");
        assertThat(plain.tlsEstablished).isFalse();
        assertThat(plain.tlsErrorUnlogged).isFalse();

        Session starttls = greeted("STARTTLS", "220 go", "EHLO a", "250 mx");
        assertThat(starttls.tlsMode).isEqualTo("starttls");
        assertThat(starttls.tlsEstablished).isTrue();

        // 220 to STARTTLS and nothing after it: the handshake did not complete, and nothing logged why
        Session stuck = greeted("EHLO a", "250 mx", "STARTTLS", "220 go");
        assertThat(stuck.tlsMode).isEqualTo("starttls");
        assertThat(stuck.tlsEstablished).isFalse();
        assertThat(stuck.tlsErrorUnlogged).isTrue();
        assertThat(stuck.tlsErrorType).isNull();

        Session refused = greeted("STARTTLS", "454 not now", "EHLO a", "250 mx");
        assertThat(refused.tlsMode).isEqualTo("none");
        assertThat(refused.tlsEstablished).isFalse();

        Session implicit = Conversation.to("mx.example", 465).ssl().greet("220 mx").cmd("EHLO a", "250 mx").build();
        assertThat(implicit.tlsMode).isEqualTo("implicit");
        assertThat(implicit.tlsEstablished).isTrue();
        assertThat(implicit.tlsErrorUnlogged).isFalse();
    }

    @Test
    void implicitTlsWithoutAGreetingIsAnUnloggedHandshakeFailure() {
        Session s = Conversation.to("mx.example", 465).ssl().build();
        assertThat(s.tlsEstablished).isFalse();
        assertThat(s.tlsErrorType).isEqualTo("javax.net.ssl.SSLException");
        assertThat(s.tlsErrorUnlogged).isTrue();

        // an exception was logged: it tells why, so not "unlogged"
        Session logged = Conversation.to("mx.example", 465).ssl().exception("javax.mail.MessagingException").build();
        assertThat(logged.tlsErrorUnlogged).isFalse();
        assertThat(logged.tlsErrorType).isEqualTo("javax.net.ssl.SSLException");

        // a reader's own TLS error is kept as is
        Session own = Conversation.to("mx.example", 465).ssl().tlsError("javax.net.ssl.SSLHandshakeException", "PKIX")
                .build();
        assertThat(own.tlsErrorType).isEqualTo("javax.net.ssl.SSLHandshakeException");
        assertThat(own.tlsErrorUnlogged).isFalse();

        // with a logged handshake failure after STARTTLS, the error is not "unlogged"
        Session starttls = Conversation.to("mx.example", 587).greet("220 mx").cmd("STARTTLS", "220 go")
                .exception("javax.net.ssl.SSLHandshakeException: boom").build();
        assertThat(starttls.tlsErrorUnlogged).isFalse();
        assertThat(starttls.tlsErrorType).isNull();
    }

    // ---- AUTH -----------------------------------------------------------------------------------------------------

    @Test
    void theAuthOutcomeIsTheLastReplyOfTheExchange() {
        Session ok = greeted("AUTH login", "334 VXNlcm5hbWU6", "[redacted]", "334 UGFzc3dvcmQ6", "[redacted]", "235 ok");
        assertThat(ok.authMechanism).isEqualTo("LOGIN");
        assertThat(ok.authOutcome).isEqualTo("success");
        assertThat(ok.authReplyCode).isEqualTo(235);

        Session failed = greeted("AUTH PLAIN", "535 5.7.8 no");
        assertThat(failed.authOutcome).isEqualTo("failure");
        assertThat(failed.authReplyCode).isEqualTo(535);

        Session transientFailure = greeted("AUTH PLAIN", "454 4.7.0 later");
        assertThat(transientFailure.authOutcome).isEqualTo("failure");

        Session stopped = greeted("AUTH LOGIN", "334 VXNlcm5hbWU6");
        assertThat(stopped.authOutcome).as("left at a challenge").isEqualTo("aborted");

        Session odd = greeted("AUTH LOGIN", "399 what");
        assertThat(odd.authOutcome).isEqualTo("aborted");

        Session noReply = Conversation.to("mx", 25).greet("220 mx").noReply("AUTH PLAIN", "eof").build();
        assertThat(noReply.authOutcome).isEqualTo("aborted");
        assertThat(noReply.authMechanism).isEqualTo("PLAIN");

        Session bare = greeted("AUTH", "501 syntax");
        assertThat(bare.authMechanism).isNull();
        assertThat(greeted("EHLO a", "250 mx").authOutcome).isNull();
    }

    // ---- messages -------------------------------------------------------------------------------------------------

    @Test
    void everyMessageGetsItsOutcomeAndTheExchangeThatDecidedIt() {
        Session s = Conversation.to("mx", 25).greet("220 mx")
                .cmd("MAIL FROM:<***@a>", "553 no")                                         // 1 rejected at MAIL
                .cmd("MAIL FROM:<***@a>", "250 ok").cmd("RCPT TO:<***@b>", "550 no")        // 2 all refused
                .cmd("RCPT TO:<***@c>", "450 later")
                .cmd("MAIL FROM:<***@a>", "250 ok").cmd("RCPT TO:<***@b>", "250 ok")        // 3 accepted
                .cmd("RCPT TO:<***@c>", "300 odd").cmd("DATA", "354 go").cmd(".", "250 ok")
                .cmd("MAIL FROM:<***@a>", "250 ok").cmd("RCPT TO:<***@b>", "250 ok")        // 4 DATA refused
                .cmd("DATA", "554 no")
                .cmd("MAIL FROM:<***@a>", "250 ok").cmd("RCPT TO:<***@b>", "250 ok")        // 5 body refused (399/400)
                .cmd("DATA", "354 go").cmd(".", "400 odd")
                .cmd("MAIL FROM:<***@a>", "250 ok").cmd("RCPT TO:<***@b>", "250 ok")        // 6 accepted at 399
                .cmd("DATA", "354 go").cmd(".", "399 odd")
                .build();
        assertThat(s.messages).extracting(m -> m.outcome)
                .containsExactly("rejected", "rejected", "accepted", "rejected", "rejected", "accepted");
        assertThat(s.messages).extracting(m -> m.index).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(s.messages.get(0).decidingExchange.line).isEqualTo("MAIL FROM:<***@a>");
        assertThat(s.messages.get(0).sender).isEqualTo("***@a");
        assertThat(s.messages.get(1).refused).containsExactly("***@b", "***@c");
        assertThat(s.messages.get(1).decidingExchange.replyCode).as("the last refusing RCPT").isEqualTo(450);
        assertThat(s.messages.get(2).refused).containsExactly("***@c");
        assertThat(s.messages.get(2).dataStarted).isTrue();
        assertThat(s.messages.get(2).dataCompleted).isTrue();
        assertThat(s.messages.get(3).dataStarted).isFalse();
        assertThat(s.messages.get(3).decidingExchange.verb).isEqualTo("DATA");
        assertThat(s.messages.get(4).decidingExchange.replyCode).isEqualTo(400);
    }

    @Test
    void aMessageWithoutReplyIsAborted() {
        Session mail = Conversation.to("mx", 25).greet("220 mx").noReply("MAIL FROM:<***@a>", "eof").build();
        assertThat(mail.messages.get(0).outcome).isEqualTo("aborted");
        assertThat(mail.messages.get(0).decidingExchange.verb).isEqualTo("MAIL");
        Session rcpt = Conversation.to("mx", 25).greet("220 mx").cmd("MAIL FROM:<***@a>", "250 ok")
                .noReply("RCPT TO:<***@b>", "java.net.SocketTimeoutException").build();
        assertThat(rcpt.messages.get(0).outcome).isEqualTo("aborted");
        assertThat(rcpt.messages.get(0).refused).isEmpty();
        assertThat(rcpt.messages.get(0).decidingExchange.verb).isEqualTo("RCPT");
        Session data = Conversation.to("mx", 25).greet("220 mx").cmd("MAIL FROM:<***@a>", "250 ok")
                .cmd("RCPT TO:<***@b>", "250 ok").noReply("DATA", "eof").build();
        assertThat(data.messages.get(0).outcome).isEqualTo("aborted");
        assertThat(data.messages.get(0).decidingExchange.verb).isEqualTo("DATA");
        Session dot = Conversation.to("mx", 25).greet("220 mx").cmd("MAIL FROM:<***@a>", "250 ok")
                .cmd("RCPT TO:<***@b>", "250 ok").cmd("DATA", "354 go").noReply(".", "eof").build();
        assertThat(dot.messages.get(0).outcome).isEqualTo("aborted");
        assertThat(dot.messages.get(0).dataCompleted).isFalse();
        assertThat(dot.messages.get(0).decidingExchange.verb).isEqualTo(".");
        // some recipients accepted, then nothing: aborted, not rejected
        Session some = Conversation.to("mx", 25).greet("220 mx").cmd("MAIL FROM:<***@a>", "250 ok")
                .cmd("RCPT TO:<***@b>", "250 ok").cmd("RCPT TO:<***@c>", "550 no").build();
        assertThat(some.messages.get(0).outcome).isEqualTo("aborted");
        assertThat(some.messages.get(0).decidingExchange).isNull();
        // no recipient at all
        Session none = Conversation.to("mx", 25).greet("220 mx").cmd("MAIL FROM:<***@a>", "250 ok").build();
        assertThat(none.messages.get(0).outcome).isEqualTo("aborted");
    }

    @Test
    void bdatChunksDecideAtLastOrAtARefusal() {
        Session s = Conversation.to("mx", 25).greet("220 mx")
                .cmd("MAIL FROM:<***@a>", "250 ok").cmd("RCPT TO:<***@b>", "250 ok")
                .cmd("BDAT 10", "250 ok").cmd("BDAT 0 last", "250 queued")
                .cmd("MAIL FROM:<***@a>", "250 ok").cmd("RCPT TO:<***@b>", "250 ok")
                .cmd("BDAT 10", "552 too big")
                .cmd("MAIL FROM:<***@a>", "250 ok").cmd("RCPT TO:<***@b>", "250 ok")
                .noReply("BDAT 10", "eof")
                .cmd("MAIL FROM:<***@a>", "250 ok").cmd("BDAT 1 LAST", "554 no")
                .cmd("MAIL FROM:<***@a>", "250 ok").cmd("BDAT 1 LAST", "399 odd")
                .build();
        assertThat(s.messages).extracting(m -> m.outcome)
                .containsExactly("accepted", "rejected", "aborted", "rejected", "accepted");
        assertThat(s.messages).extracting(m -> m.dataStarted).containsOnly(true);
        assertThat(s.messages).extracting(m -> m.dataCompleted).containsExactly(true, false, false, true, true);
        assertThat(s.messages.get(1).decidingExchange.replyCode).isEqualTo(552);
    }

    @Test
    void envelopeCommandsBeforeAnyMailAreIgnoredUnlessTheLogStartsMidMessage() {
        Session s = Conversation.to("mx", 25).greet("220 mx").cmd("RCPT TO:<***@b>", "250 ok")
                .cmd("DATA", "354 go").cmd(".", "250 ok").cmd("BDAT 1 LAST", "250 ok").build();
        assertThat(s.messages).isEmpty();
        Session fragment = new Session();
        fragment.partial = true;
        fragment.exchanges.add(ex(1, "DATA", "DATA", "354 go"));
        fragment.exchanges.add(ex(2, ".", ".", "250 ok"));
        SessionDerivation.derive(fragment);
        assertThat(fragment.messages).hasSize(1);
        assertThat(fragment.messages.get(0).outcome).isEqualTo("accepted");
        assertThat(fragment.messages.get(0).index).isEqualTo(1);
    }

    @Test
    void addressesAreReadBracketedOrNot() {
        assertThat(SessionDerivation.address("MAIL FROM:<***@a.example> SIZE=1")).isEqualTo("***@a.example");
        assertThat(SessionDerivation.address("RCPT TO: ***@b.example")).isEqualTo("***@b.example");
        assertThat(SessionDerivation.address("MAIL FROM:<>")).isEmpty();
        assertThat(SessionDerivation.address("RCPT >x< TO")).isEqualTo("RCPT >x< TO");
        assertThat(SessionDerivation.address("XYZ")).isEqualTo("XYZ");
        assertThat(SessionDerivation.address(null)).isNull();
    }

    // ---- the end and the times ------------------------------------------------------------------------------------

    @Test
    void theEndReasonFollowsWhatHappenedLast() {
        assertThat(Conversation.to("mx", 25).build().endReason).isEqualTo("connect_failed");
        assertThat(greeted("QUIT", "221 bye").endReason).isEqualTo("quit");
        assertThat(Conversation.to("mx", 25).greet("220 mx").noReply("NOOP", "java.net.SocketTimeoutException")
                .build().endReason).isEqualTo("timeout");
        assertThat(Conversation.to("mx", 25).greet("220 mx").noReply("NOOP", "eof").build().endReason)
                .isEqualTo("server_closed");
        assertThat(greeted("NOOP", "250 ok").endReason).isEqualTo("client_exception");
        assertThat(Conversation.to("mx", 25).greet("220 mx").end("quit").noReply("NOOP", "eof").build().endReason)
                .as("a reader's own reason is kept").isEqualTo("quit");
        Session fragment = new Session();
        fragment.partial = true;
        fragment.exchanges.add(ex(1, "NOOP", "NOOP", "250 ok"));
        assertThat(SessionDerivation.derive(fragment).endReason).as("a fragment: no greeting expected")
                .isEqualTo("client_exception");
        Session continued = new Session();
        continued.part = 2;
        assertThat(SessionDerivation.derive(continued).endReason).isEqualTo("continued");
        Session secondPart = new Session();
        secondPart.part = 2;
        secondPart.partial = true;
        secondPart.exchanges.add(ex(1, "QUIT", "QUIT", "221 bye"));
        assertThat(SessionDerivation.derive(secondPart).endReason).isEqualTo("quit");
        assertThat(SessionDerivation.timedOut(ex(1, "NOOP", "NOOP"))).isFalse();
    }

    @Test
    void startAndEndSpanTheExchangesAndTheLastReply() {
        Exchange a = ex(1, null, null, "220 mx");
        a.time = T0.plusMillis(5);
        Exchange b = ex(2, "NOOP", "NOOP", "250 ok");
        b.time = T0.plusMillis(10);
        b.durationMs = 2.5;
        Exchange c = ex(3, "QUIT", "QUIT");
        c.time = T0.plusMillis(11);
        Exchange early = ex(4, "RSET", "RSET", "250 ok");
        early.time = T0;
        Exchange none = ex(5, "NOOP", "NOOP");
        Session s = session(a, b, c, early, none);
        assertThat(s.start).isEqualTo(T0);
        assertThat(s.end).isEqualTo(T0.plusMillis(12).plusNanos(500_000));

        Session own = new Session();
        own.start = T0.minusSeconds(1);
        own.end = T0.plusSeconds(1);
        own.exchanges.add(a);
        SessionDerivation.derive(own);
        assertThat(own.start).isEqualTo(T0.minusSeconds(1));
        assertThat(own.end).isEqualTo(T0.plusSeconds(1));
    }

    // ---- boundaries and the agent's own messages ------------------------------------------------------------------

    @Test
    void aReplyOfJustThreeDigitsHasACode() {
        Session s = session(ex(1, null, null, "220"), ex(2, "NOOP", "NOOP", "250"));
        assertThat(s.exchanges).extracting(e -> e.replyCode).containsExactly(220, 250);
    }

    @Test
    void starttlsIsOfferedOnlyWhenNamed() {
        Session s = Conversation.to("mx.example", 25).greet("220 mx").cmd("EHLO a", "250-mx", "250-SIZE 10", "250 8BITMIME").build();
        assertThat(s.starttlsOffered).isFalse();
        Session agent = new Session();
        agent.ehloExtensions.add(List.of("SIZE 10", "PIPELINING"));
        assertThat(SessionDerivation.derive(agent).starttlsOffered).isFalse();
        Session agentOffered = new Session();
        agentOffered.ehloExtensions.add(List.of("SIZE 10", " starttls "));
        assertThat(SessionDerivation.derive(agentOffered).starttlsOffered).isTrue();
    }

    @Test
    void aFragmentStartingAtStarttlsIsStillStarttls() {
        Session s = new Session();
        s.partial = true;
        s.exchanges.add(ex(1, "STARTTLS", "STARTTLS", "220 go"));
        s.exchanges.add(ex(2, "EHLO", "EHLO a", "250 mx"));
        SessionDerivation.derive(s);
        assertThat(s.tlsMode).isEqualTo("starttls");
        assertThat(s.tlsEstablished).isTrue();
    }

    @Test
    void fourHundredIsARefusalEverywhere() {
        assertThat(greeted("AUTH PLAIN", "400 odd").authOutcome).isEqualTo("failure");
        Session s = Conversation.to("mx", 25).greet("220 mx")
                .cmd("MAIL FROM:<***@a>", "400 odd")                                                   // 1 rejected at MAIL
                .cmd("MAIL FROM:<***@a>", "250 ok").cmd("RCPT TO:<***@b>", "250 ok").cmd("BDAT 1 LAST", "400 odd") // 2
                .cmd("MAIL FROM:<***@a>", "250 ok").cmd("RCPT TO:<***@b>", "250 ok").cmd("BDAT 1", "400 odd")      // 3
                .cmd("MAIL FROM:<***@a>", "250 ok").cmd("RCPT TO:<***@b>", "250 ok").cmd("BDAT 1", "399 odd")      // 4 goes on
                .cmd("BDAT 1 LAST", "250 ok")
                .cmd("MAIL FROM:<***@a>", "250 ok").cmd("RCPT TO:<***@b>", "400 odd")                // 5 all refused
                .build();
        assertThat(s.messages).extracting(m -> m.outcome).containsExactly("rejected", "rejected", "rejected", "accepted", "rejected");
        assertThat(s.messages.get(0).decidingExchange.verb).isEqualTo("MAIL");
        assertThat(s.messages.get(2).decidingExchange.line).isEqualTo("BDAT 1");
        assertThat(s.messages.get(3).decidingExchange.line).isEqualTo("BDAT 1 LAST");
        assertThat(s.messages.get(4).decidingExchange.line).isEqualTo("RCPT TO:<***@b>");
        // refused with a 3xx only: rejected, but no reply refused it for good
        Session odd = Conversation.to("mx", 25).greet("220 mx").cmd("MAIL FROM:<***@a>", "250 ok").cmd("RCPT TO:<***@b>", "399 odd").build();
        assertThat(odd.messages.get(0).outcome).isEqualTo("rejected");
        assertThat(odd.messages.get(0).decidingExchange).isNull();
    }

    @Test
    void anUnansweredBdatChunkDecidesTheAbort() {
        Session s = Conversation.to("mx", 25).greet("220 mx").cmd("MAIL FROM:<***@a>", "250 ok").cmd("RCPT TO:<***@b>", "250 ok")
                .noReply("BDAT 10", "eof").build();
        assertThat(s.messages.get(0).outcome).isEqualTo("aborted");
        assertThat(s.messages.get(0).decidingExchange.line).isEqualTo("BDAT 10");
        Session last = Conversation.to("mx", 25).greet("220 mx").cmd("MAIL FROM:<***@a>", "250 ok").noReply("BDAT 10 LAST", "eof").build();
        assertThat(last.messages.get(0).decidingExchange.line).isEqualTo("BDAT 10 LAST");
        assertThat(last.messages.get(0).dataCompleted).isFalse();
    }

    @Test
    void addressesAtTheVeryStart() {
        assertThat(SessionDerivation.address("<***@a>")).isEqualTo("***@a");
        assertThat(SessionDerivation.address(":***@a")).isEqualTo("***@a");
        assertThat(SessionDerivation.address("FROM:><***@a>")).isEqualTo("***@a");
    }

    @Test
    void aMissingStartOrEndIsFilledFromTheExchanges() {
        Exchange a = ex(1, null, null, "220 mx");
        a.time = T0;
        Exchange b = ex(2, "NOOP", "NOOP", "250 ok");
        b.time = T0.plusSeconds(1);
        Session noEnd = new Session();
        noEnd.start = T0.plusMillis(500);
        noEnd.exchanges.addAll(List.of(a, b));
        SessionDerivation.derive(noEnd);
        assertThat(noEnd.end).isEqualTo(T0.plusSeconds(1));
        assertThat(noEnd.start).as("an earlier exchange moves the start").isEqualTo(T0);
        Session noStart = new Session();
        noStart.end = T0.plusMillis(500);
        noStart.exchanges.addAll(List.of(ex(1, null, null, "220 mx"), ex(2, "NOOP", "NOOP", "250 ok")));
        noStart.exchanges.get(0).time = T0;
        noStart.exchanges.get(1).time = T0.plusSeconds(1);
        SessionDerivation.derive(noStart);
        assertThat(noStart.start).isEqualTo(T0);
        assertThat(noStart.end).isEqualTo(T0.plusSeconds(1));
    }

    private static MessageAttempt agentMessage(int index) {
        MessageAttempt m = new MessageAttempt();
        m.index = index;
        return m;
    }

    private static Session twoMessages() {
        Session s = new Session();
        s.host = "mx.example";
        s.port = 25;
        String[][] x = {{null, null, "220 mx"}, {"MAIL", "MAIL FROM:<***@one>", "250 ok"}, {"RCPT", "RCPT TO:<***@r1>", "550 no"},
            {"RCPT", "RCPT TO:<***@r2>", "250 ok"}, {"DATA", "DATA", "354 go"}, {".", ".", "250 queued"},
            {"MAIL", "MAIL FROM:<***@two>", "250 ok"}, {"RCPT", "RCPT TO:<***@r3>", "250 ok"}, {"DATA", "DATA", "354 go"},
            {".", ".", "554 rejected"}};
        for (int i = 0; i < x.length; i++) s.exchanges.add(ex(i + 1, x[i][0], x[i][1], x[i][2]));
        return s;
    }

    @Test
    void theAgentsMessagesAreCompletedFromTheConversation() {
        Session s = twoMessages();
        s.messages.add(agentMessage(1));
        SessionDerivation.derive(s);
        assertThat(s.messages).extracting(m -> m.index).containsExactly(1, 2);
        MessageAttempt first = s.messages.get(0);
        assertThat(first.outcome).isEqualTo("accepted");
        assertThat(first.sender).isEqualTo("***@one");
        assertThat(first.recipients).containsExactly("***@r1", "***@r2");
        assertThat(first.refused).containsExactly("***@r1");
        assertThat(first.dataStarted).isTrue();
        assertThat(first.dataCompleted).isTrue();
        assertThat(first.decidingExchange.replyCode).isEqualTo(250);
        assertThat(s.messages.get(1).outcome).as("a message only the conversation shows").isEqualTo("rejected");
        assertThat(s.messages.get(1).sender).isEqualTo("***@two");
    }

    @Test
    void theAgentsOwnFactsAreKept() {
        Session s = twoMessages();
        MessageAttempt second = agentMessage(2);
        second.sender = "***@agent";
        second.recipients.add("***@x");
        second.refused.add("***@x");
        second.dataStarted = true;
        second.dataCompleted = true;
        second.outcome = "accepted";
        s.messages.add(second);
        SessionDerivation.derive(s);
        assertThat(s.messages).extracting(m -> m.index).containsExactly(1, 2);
        MessageAttempt m = s.messages.get(1);
        assertThat(m).isSameAs(second);
        assertThat(m.sender).isEqualTo("***@agent");
        assertThat(m.recipients).containsExactly("***@x");
        assertThat(m.refused).containsExactly("***@x");
        // the conversation's deciding reply refused it: that decides the outcome for every reader
        assertThat(m.outcome).isEqualTo("rejected");
        assertThat(m.decidingExchange.replyCode).isEqualTo(554);
        assertThat(s.messages.get(0).sender).isEqualTo("***@one");
    }

    @Test
    void anAgentOutcomeDecidedByAnotherExchangeStands() {
        Session s = twoMessages();
        MessageAttempt m = agentMessage(2);
        m.outcome = "aborted";
        m.decidingExchange = ex(99, "RSET", "RSET");
        s.messages.add(m);
        SessionDerivation.derive(s);
        assertThat(s.messages.get(1).outcome).isEqualTo("aborted");
        assertThat(s.messages.get(1).decidingExchange.verb).isEqualTo("RSET");
        assertThat(s.messages.get(1).dataStarted).as("filled from the conversation").isTrue();
        assertThat(s.messages.get(1).dataCompleted).isTrue();
    }

    @Test
    void aLaterPartMatchesTheAgentsCountingOfMessages() {
        Session s = twoMessages();
        s.exchanges.remove(0); // a later part has no greeting
        s.part = 3;
        s.partial = true;
        MessageAttempt a = agentMessage(7);
        MessageAttempt b = agentMessage(8);
        s.messages.add(b);
        s.messages.add(a);
        SessionDerivation.derive(s);
        assertThat(s.messages).extracting(m -> m.index).containsExactly(7, 8);
        assertThat(s.messages).extracting(m -> m.sender).containsExactly("***@one", "***@two");
        assertThat(s.messages).extracting(m -> m.outcome).containsExactly("accepted", "rejected");
    }

    @Test
    void inAFirstPartTheAgentsIndexIsTheConversationsIndex() {
        Session s = twoMessages();
        s.messages.add(agentMessage(2));
        SessionDerivation.derive(s);
        assertThat(s.messages).extracting(m -> m.sender).containsExactly("***@one", "***@two");
        assertThat(s.messages).extracting(m -> m.index).containsExactly(1, 2);
    }
}
