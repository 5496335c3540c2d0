package io.smtptrace.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.rules.Finding;
import io.smtptrace.analyzer.rules.Rules;
import io.smtptrace.analyzer.rules.Severity;
import io.smtptrace.analyzer.support.Analysis;
import io.smtptrace.analyzer.support.Conversation;

/** Rule edge cases on synthetic conversations (the recorded-log matrix covers each rule on real data). */
class RulesTest {
    static List<Finding> run(Session... sessions) {
        return Analysis.findingsOf(List.of(sessions));
    }

    static Finding only(List<Finding> f, String rule) {
        return f.stream().filter(x -> x.rule().equals(rule)).findFirst().orElseThrow(() -> new AssertionError("no " + rule + " in " + f));
    }

    @Test
    void correctSessionHasNoFinding() {
        assertThat(run(Conversation.to("smtp.example.com", 587).correct().build())).isEmpty();
    }

    @Test
    void everyRuleHasAStableIdAndOneClass() {
        List<String> ids = new Rules().rules().stream().map(r -> r.id()).toList();
        assertThat(ids).doesNotHaveDuplicates().contains("auth-required", "starttls-required", "auth-failed", "body-rejected-after-data",
                "body-aborted-after-data", "relay-denied", "recipient-rejected", "sender-rejected", "implicit-tls-on-starttls-port",
                "plaintext-on-tls-port", "tls-handshake-failed", "auth-over-plaintext", "connection-per-message", "transient-failures",
                "protocol-error", "slow-server");
    }

    @Test
    void vendorAuthRequiredCodeIsRecognisedAndRepeatsAreCounted() {
        List<Session> s = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            s.add(Conversation.to("smtp.office365.com", 587).id("s" + i).greet("220 ready").cmd("EHLO app", "250-o365", "250 AUTH LOGIN XOAUTH2")
                    .cmd("MAIL FROM:<***@example.com>", "530 5.7.57 Client not authenticated to send mail. [AM0PR]").cmd("QUIT", "221 bye").build());
        }
        Finding f = only(run(s.toArray(Session[]::new)), "auth-required");
        assertThat(f.count()).isEqualTo(4);
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.explanation()).contains("retried 4 times");
        assertThat(f.fix()).contains("mail.smtp.auth");
        assertThat(f.evidence().sessions()).containsExactly("s0", "s1", "s2", "s3");
        assertThat(f.server()).isEqualTo("smtp.office365.com:587");
    }

    @Test
    void starttlsRequiredIsNotAuthRequired() {
        List<Finding> f = run(Conversation.to("mx", 25).greet("220 mx").cmd("EHLO a", "250-mx", "250 STARTTLS")
                .cmd("MAIL FROM:<***@a.b>", "530 5.7.0 Must issue a STARTTLS command first").build());
        assertThat(f).extracting(Finding::rule).containsExactly("starttls-required");
        assertThat(f.get(0).fix()).contains("mail.smtp.starttls.enable").contains("mail.smtp.starttls.required");
        assertThat(f.get(0).explanation()).contains("offered it");
    }

    @Test
    void authFailedNamesTheCodeAndWarnsAboutLockout() {
        List<Session> s = new ArrayList<>();
        for (int i = 0; i < 3; i++) s.add(Conversation.to("smtp.gmail.com", 587).greet("220 g").cmd("EHLO a", "250-g", "250-STARTTLS")
                .cmd("STARTTLS", "220 go").cmd("EHLO a", "250-g", "250 AUTH LOGIN").cmd("AUTH LOGIN", "334 VXNlcm5hbWU6")
                .cmd("[redacted]", "334 UGFzc3dvcmQ6").cmd("[redacted]", "534 5.7.9 Application-specific password required").build());
        Finding f = only(run(s.toArray(Session[]::new)), "auth-failed");
        assertThat(f.explanation()).contains("534").contains("lock");
        assertThat(f.fix()).contains("app password");
        assertThat(run(s.toArray(Session[]::new))).extracting(Finding::rule).doesNotContain("auth-over-plaintext", "transient-failures");
    }

    @Test
    void bodyRejectedCitesSizeAndBodyDiagnostics() {
        Session s = Conversation.to("mx", 587).greet("220 mx").cmd("EHLO a", "250-mx", "250 SIZE 1000").message().build(m -> {
            m.bytes = 5000L;
            m.body.put("longest_line", 1200L);
        });
        s.messages.get(0).decidingExchange.replyLines.set(0, "552 5.3.4 Message size exceeds fixed limit");
        s.messages.get(0).decidingExchange.replyCode = 552;
        Finding f = only(run(s), "body-rejected-after-data");
        assertThat(f.explanation()).contains("5000 bytes").contains("SIZE 1000").contains("1200 octets");
    }

    @Test
    void bodyAbortedByTimeoutSuggestsWriteTimeout() {
        Session s = Conversation.to("mx", 25).greet("220 mx").cmd("EHLO a", "250 mx").cmd("MAIL FROM:<***@a>", "250 ok")
                .cmd("RCPT TO:<***@b>", "250 ok").cmd("DATA", "354 go").noReply(".", "java.net.SocketTimeoutException").end("timeout").build();
        Finding f = only(run(s), "body-aborted-after-data");
        assertThat(f.fix()).contains("mail.smtp.writetimeout");
        assertThat(run(s)).extracting(Finding::rule).contains("slow-server");
    }

    @Test
    void relayDeniedVersusRecipientUnknown() {
        Session relay = Conversation.to("mx", 25).greet("220 mx").cmd("EHLO a", "250 mx").cmd("MAIL FROM:<***@a>", "250 ok")
                .cmd("RCPT TO:<***@outside.example>", "550 5.7.1 Unable to relay").build();
        Session unknown = Conversation.to("mx2", 25).greet("220 mx").cmd("EHLO a", "250 mx").cmd("MAIL FROM:<***@a>", "250 ok")
                .cmd("RCPT TO:<***@b>", "550 5.1.1 User unknown").build();
        assertThat(run(relay)).extracting(Finding::rule).containsExactly("relay-denied");
        assertThat(run(unknown)).extracting(Finding::rule).containsExactly("recipient-rejected");
    }

    @Test
    void tlsHandshakeCauseIsNamed() {
        Session host = Conversation.to("mail.example.com", 587).greet("220 mx").cmd("EHLO a", "250-mx", "250 STARTTLS").cmd("STARTTLS", "220 go")
                .tlsError("javax.net.ssl.SSLHandshakeException", "No subject alternative DNS name matching mail.example.com found.").build();
        Finding f = only(run(host), "tls-handshake-failed");
        assertThat(f.explanation()).contains("host name");
        assertThat(f.fix()).contains("mail.smtp.ssl.checkserveridentity");
        Session proto = Conversation.to("old.example.com", 587).greet("220 mx").cmd("EHLO a", "250-mx", "250 STARTTLS").cmd("STARTTLS", "220 go")
                .tlsError("javax.net.ssl.SSLHandshakeException", "No appropriate protocol (protocol is disabled or cipher suites are inappropriate)").build();
        assertThat(only(run(proto), "tls-handshake-failed").fix()).contains("mail.smtp.ssl.protocols");
    }

    @Test
    void plaintextOnTlsPortButNotOnConnectionRefused() {
        Session silent = Conversation.to("smtp.example.com", 465).greet().build();
        silent.exchanges.get(0).replyError = "java.net.SocketTimeoutException";
        silent.endReason = "connect_failed";
        assertThat(run(silent)).extracting(Finding::rule).containsExactly("plaintext-on-tls-port");
        Session refused = Conversation.to("smtp.example.com", 465).greet().build();
        refused.exchanges.get(0).replyError = "java.net.ConnectException";
        assertThat(run(refused)).isEmpty();
    }

    @Test
    void implicitTlsOnStarttlsPort() {
        Session s = Conversation.to("smtp.example.com", 587).ssl().tlsError("javax.net.ssl.SSLException", "Unsupported or unrecognized SSL message")
                .end("connect_failed").build();
        assertThat(run(s)).extracting(Finding::rule).containsExactly("implicit-tls-on-starttls-port");
        Session implicitOk = Conversation.to("smtp.example.com", 465).ssl().greet("220 ok").cmd("EHLO a", "250 ok").cmd("AUTH PLAIN", "235 ok")
                .message().cmd("QUIT", "221 bye").build();
        assertThat(run(implicitOk)).isEmpty();
    }

    @Test
    void connectionPerMessageNeedsABurst() {
        List<Session> burst = new ArrayList<>();
        Instant t = Instant.parse("2026-11-29T04:00:00Z");
        for (int i = 0; i < 6; i++) burst.add(Conversation.to("smtp.example.com", 587).at(t.plusSeconds(i * 5)).correct().build());
        Finding f = only(run(burst.toArray(Session[]::new)), "connection-per-message");
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.fix()).contains("Transport");
        List<Session> spread = new ArrayList<>();
        for (int i = 0; i < 6; i++) spread.add(Conversation.to("smtp.example.com", 587).at(t.plusSeconds(i * 600L)).correct().build());
        assertThat(run(spread.toArray(Session[]::new))).isEmpty();
        assertThat(run(burst.subList(0, 4).toArray(Session[]::new))).isEmpty();
    }

    @Test
    void transientFailuresEscalateWhenRepeated() {
        Session one = Conversation.to("mx", 25).greet("220 mx").cmd("EHLO a", "250 mx").cmd("MAIL FROM:<***@a>", "421 4.7.0 Too many connections, slow down").build();
        assertThat(only(run(one), "transient-failures").severity()).isEqualTo(Severity.INFO);
        List<Session> storm = new ArrayList<>();
        for (int i = 0; i < 5; i++) storm.add(Conversation.to("mx", 25).greet("220 mx").cmd("EHLO a", "250 mx")
                .cmd("MAIL FROM:<***@a>", "250 ok").cmd("RCPT TO:<***@b>", "450 4.2.0 Greylisted").build());
        Finding f = only(run(storm.toArray(Session[]::new)), "transient-failures");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.explanation()).contains("retry storm");
        assertThat(f.fix()).contains("back-off");
    }

    @Test
    void protocolErrorIgnoresEhloFallbackToHelo() {
        Session fallback = Conversation.to("old", 25).greet("220 old").cmd("EHLO a", "502 5.5.2 Error: command not recognized").cmd("HELO a", "250 old")
                .message().cmd("QUIT", "221 bye").build();
        assertThat(run(fallback)).isEmpty();
        Session badName = Conversation.to("mx", 25).greet("220 mx").cmd("EHLO my_host", "501 5.5.2 Invalid domain name").build();
        assertThat(only(run(badName), "protocol-error").fix()).contains("mail.smtp.localhost");
    }

    @Test
    void slowServerOnLatencyOutliers() {
        Session slow = Conversation.to("mx", 25).greet("220 mx").cmd("EHLO a", "250 mx").cmd("MAIL FROM:<***@a>", "250 ok")
                .cmdTook("RCPT TO:<***@b>", 7500, "250 ok").build();
        assertThat(only(run(slow), "slow-server").explanation()).contains("7500 ms");
        Session fast = Conversation.to("mx", 25).greet("220 mx").cmd("EHLO a", "250 mx").cmdTook("MAIL FROM:<***@a>", 1200, "250 ok").build();
        assertThat(run(fast)).isEmpty();
    }

    @Test
    void authOverPlaintextOnlyWithoutTls() {
        Session plain = Conversation.to("mx", 25).greet("220 mx").cmd("EHLO a", "250-mx", "250-STARTTLS", "250 AUTH PLAIN").cmd("AUTH PLAIN", "235 ok")
                .message().cmd("QUIT", "221 bye").build();
        Finding f = only(run(plain), "auth-over-plaintext");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.explanation()).contains("offered STARTTLS");
        assertThat(run(Conversation.to("mx", 587).correct().build())).isEmpty();
    }

    @Test
    void senderRejectedButNotForAuthOrTransient() {
        Session bad = Conversation.to("mx", 25).greet("220 mx").cmd("EHLO a", "250 mx").cmd("MAIL FROM:<***@nowhere.invalid>", "553 5.1.8 Domain not found").build();
        assertThat(run(bad)).extracting(Finding::rule).containsExactly("sender-rejected");
        Session auth = Conversation.to("mx", 25).greet("220 mx").cmd("EHLO a", "250 mx").cmd("MAIL FROM:<***@a>", "530 5.7.0 Authentication required").build();
        assertThat(run(auth)).extracting(Finding::rule).containsExactly("auth-required");
    }

    // body-aborted-after-data says what the evidence shows (issue 10): who stopped, and whether the outcome is known

    static Conversation afterData(String host) {
        return Conversation.to(host, 25).greet("220 mx").cmd("EHLO a", "250 mx").cmd("MAIL FROM:<***@a>", "250 ok")
                .cmd("RCPT TO:<***@b>", "250 ok").cmd("DATA", "354 go");
    }

    @Test
    void bodyAbortedServerClosedAfterTheFinalDotIsAnUnknownOutcome() {
        Session s = afterData("mx").noReply(".", "eof").end("server_closed").build();
        Finding f = only(run(s), "body-aborted-after-data");
        assertThat(f.explanation()).contains("sent the whole message and the final '.'").contains("unknown")
                .doesNotContain("without sending the final").doesNotContain("attachment").doesNotContain("was not delivered");
        assertThat(f.fix()).contains("queue id").contains("twice");
        assertThat(f.evidence().sample()).isEqualTo(". sent, no reply (eof)");
    }

    @Test
    void bodyAbortedServerClosedAfter354() {
        Finding closed = only(run(afterData("mx").end("server_closed").build()), "body-aborted-after-data");
        assertThat(closed.explanation()).contains("server closed (or reset) the connection after its 354").doesNotContain("attachment")
                .contains("was not delivered");
        assertThat(closed.fix()).contains("server's log");
        // the body write failing because the peer is gone is the server's doing too, not the application's
        Session reset = afterData("mx").end("client_exception").build(m -> {
            m.bodyErrorType = "java.net.SocketException";
            m.bodyErrorMessage = "Broken pipe";
        });
        Finding f = only(run(reset), "body-aborted-after-data");
        assertThat(f.explanation()).contains("after its 354");
        assertThat(f.evidence().sample()).isEqualTo("java.net.SocketException: Broken pipe");
    }

    @Test
    void bodyAbortedClientStoppedMidBody() {
        Session s = afterData("mx").end("client_exception").build(m -> {
            m.bodyErrorType = "java.io.FileNotFoundException";
            m.bodyErrorMessage = "/data/report.pdf (No such file or directory)";
        });
        Finding f = only(run(s), "body-aborted-after-data");
        assertThat(f.explanation()).contains("client stopped mid-body").contains("without sending the final '.'");
        assertThat(f.fix()).contains("attachment");
    }

    @Test
    void bodyAbortedWithSeveralCausesOnOneServerNamesEach() {
        Session dot = afterData("mx").id("a").noReply(".", "eof").end("server_closed").build();
        Session mid = afterData("mx").id("b").end("client_exception").build(m -> m.bodyErrorType = "java.io.IOException");
        Finding f = only(run(dot, mid), "body-aborted-after-data");
        assertThat(f.count()).isEqualTo(2);
        assertThat(f.explanation()).contains("client stopped mid-body").contains("the final '.', then the connection ended")
                .contains("(one message)");
        assertThat(f.fix()).contains("attachment").contains("queue id");
    }

    @Test
    void authFailedNamesEveryMechanismTried() {
        Session oauth = Conversation.to("smtp.gmail.com", 587).id("o").greet("220 ok").cmd("EHLO a", "250-g", "250 STARTTLS")
                .cmd("STARTTLS", "220 go").cmd("EHLO a", "250-g", "250 AUTH LOGIN XOAUTH2").cmd("AUTH XOAUTH2 [redacted]", "535 5.7.8 Username and Password not accepted")
                .build();
        Session login = Conversation.to("smtp.gmail.com", 587).id("l").greet("220 ok").cmd("EHLO a", "250-g", "250 STARTTLS")
                .cmd("STARTTLS", "220 go").cmd("EHLO a", "250-g", "250 AUTH LOGIN XOAUTH2").cmd("AUTH LOGIN", "334 VXNlcm5hbWU6")
                .cmd("[redacted]", "334 UGFzc3dvcmQ6").cmd("[redacted]", "535 5.7.8 Username and Password not accepted").build();
        Finding f = only(run(oauth, login), "auth-failed");
        assertThat(f.explanation()).contains("2 login attempts on 2 connections: AUTH XOAUTH2 once, AUTH LOGIN once")
                .doesNotContain("LOGIN 2 times").contains("access token");
        // two mechanisms tried on one connection, each named with its own reply
        Session both = Conversation.to("mx", 587).greet("220 ok").cmd("EHLO a", "250 AUTH PLAIN LOGIN").cmd("AUTH PLAIN [redacted]", "535 5.7.8 no")
                .cmd("AUTH LOGIN", "334 VXNlcm5hbWU6").cmd("[redacted]", "334 UGFzc3dvcmQ6").cmd("[redacted]", "454 4.7.0 try later").build();
        Finding g = only(run(both), "auth-failed");
        assertThat(g.count()).isEqualTo(2);
        assertThat(g.explanation()).contains("AUTH PLAIN once, AUTH LOGIN once").contains("535 means").contains("454 is a temporary");
    }

    // ---- the rule set: tagging, counting, ordering ----------------------------------------------------------------

    private static Session mailRefused(String host, String id, String reply) {
        return Conversation.to(host, 25).id(id).greet("220 mx").cmd("EHLO a", "250 mx").cmd("MAIL FROM:<***@a>", reply).build();
    }

    @Test
    void eachSessionIsTaggedWithTheRulesItHit() {
        Rules rules = new Rules();
        assertThat(rules.acceptTagged(Conversation.to("mx", 587).greet("220 mx").cmd("EHLO a", "250 mx").cmd("QUIT", "221 bye").build())).isEmpty();
        // a one-message connection counts towards connection-per-message even before it is a burst
        assertThat(rules.acceptTagged(mailRefused("mx", "a", "530 5.7.0 Authentication required")))
                .containsExactly("auth-required", "connection-per-message");
        Session two = Conversation.to("mx", 25).greet("220 mx").cmd("EHLO a", "250 mx").cmdTook("MAIL FROM:<***@a>", 4000, "553 5.1.8 no").build();
        assertThat(rules.acceptTagged(two)).containsExactly("sender-rejected", "connection-per-message", "slow-server");
        rules.accept(mailRefused("mx", "b", "530 5.7.0 Authentication required"));
        assertThat(rules.sessions()).isEqualTo(4);
        assertThat(only(rules.findings(), "auth-required").count()).isEqualTo(2);
        assertThat(rules.rules()).allSatisfy(r -> assertThat(r.hitCount()).isGreaterThanOrEqualTo(0));
        assertThat(rules.rules().stream().filter(r -> r.id().equals("slow-server")).findFirst().orElseThrow().hitCount()).isEqualTo(1);
    }

    @Test
    void findingsAreOrderedBySeverityThenCountThenRuleThenServer() {
        Rules rules = new Rules();
        rules.accept(mailRefused("c.example", "c1", "553 5.1.8 bad sender"));
        rules.accept(mailRefused("c.example", "c2", "553 5.1.8 bad sender"));
        rules.accept(mailRefused("t.example", "t1", "451 4.3.0 later"));
        rules.accept(Conversation.to("a.example", 25).greet("220 mx").cmd("EHLO a", "250 mx").cmd("MAIL FROM:<***@a>", "250 ok")
                .cmd("RCPT TO:<***@b>", "554 5.7.1 Relay access denied").build());
        rules.accept(mailRefused("b.example", "b1", "530 5.7.0 Authentication required"));
        rules.accept(mailRefused("b.example", "b2", "530 5.7.0 Authentication required"));
        rules.accept(mailRefused("a.example", "a1", "530 5.7.0 Authentication required"));
        rules.accept(mailRefused("a.example", "a2", "530 5.7.0 Authentication required"));
        List<String> expected = List.of("auth-required a.example:25", "auth-required b.example:25", "sender-rejected c.example:25",
                "relay-denied a.example:25", "transient-failures t.example:25");
        assertThat(rules.findings()).extracting(f -> f.rule() + " " + f.server()).containsExactlyElementsOf(expected);
        List<Finding> id = rules.findings(io.smtptrace.analyzer.i18n.Lang.id);
        assertThat(id).extracting(f -> f.rule() + " " + f.server()).containsExactlyElementsOf(expected);
        assertThat(id.get(0).title()).isEqualTo("Server mewajibkan autentikasi, klien tidak melakukan autentikasi");
        assertThat(rules.findings().get(0).title()).isEqualTo("Server requires authentication, client did not authenticate");
    }

    @Test
    void aRuleSpeaksEnglishUnlessToldOtherwise() {
        io.smtptrace.analyzer.rules.Rule r = new Rules().rules().get(0);
        assertThat(r.title()).isEqualTo("Server requires authentication, client did not authenticate");
        r.accept(mailRefused("mx", "a", "530 5.7.0 Authentication required"));
        assertThat(r.findings()).extracting(Finding::explanation).singleElement().asString().startsWith("The server answered 530");
    }
}
