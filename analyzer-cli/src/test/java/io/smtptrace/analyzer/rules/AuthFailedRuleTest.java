package io.smtptrace.analyzer.rules;

import static io.smtptrace.analyzer.rules.RuleRun.none;
import static io.smtptrace.analyzer.rules.RuleRun.one;
import static io.smtptrace.analyzer.rules.RuleRun.oneId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.support.Conversation;

/** Every refused login, named by mechanism and reply code; what each code means and what to do. */
class AuthFailedRuleTest {

    private static Conversation greeted(String id) {
        return Conversation.to("smtp.example.com", 587).id(id).greet("220 ok").cmd("EHLO a", "250-ok", "250 AUTH PLAIN LOGIN XOAUTH2");
    }

    private static Session plain(String id, String reply) {
        return greeted(id).cmd("AUTH PLAIN [redacted]", reply).build();
    }

    private static Session login(String id, String reply) {
        return greeted(id).cmd("AUTH LOGIN", "334 VXNlcm5hbWU6").cmd("[redacted]", "334 UGFzc3dvcmQ6").cmd("[redacted]", reply).build();
    }

    @Test
    void aRefusedLoginIsCitedWithTheLastReplyOfItsExchange() {
        Session s = login("s1", "535 5.7.8 Username and Password not accepted");
        Finding f = one(new AuthFailedRule(), s);
        assertThat(f.rule()).isEqualTo("auth-failed");
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.title()).isEqualTo("Authentication failed");
        assertThat(f.evidence().sample()).isEqualTo("535 5.7.8 Username and Password not accepted");
        assertThat(f.evidence().first()).isEqualTo(s.exchanges.get(s.exchanges.size() - 1).time);
        assertThat(f.explanation()).isEqualTo("The server rejected one login attempt on one connection: AUTH LOGIN once. 535 means the"
                + " server rejected the credentials: a wrong user name or password, an expired password, or an account that requires an"
                + " app password or OAuth2 (XOAUTH2).");
        assertThat(f.fix()).startsWith("Check the user name and password");
    }

    @Test
    void withoutATimeOnTheReplyTheAuthCommandDatesIt() {
        Session s = login("s1", "535 no");
        Instant auth = s.exchanges.stream().filter(e -> e.is("AUTH")).findFirst().orElseThrow().time;
        s.exchanges.get(s.exchanges.size() - 1).time = null;
        assertThat(one(new AuthFailedRule(), s).evidence().first()).isEqualTo(auth);
    }

    @Test
    void fromFourHundredALoginReplyIsAFailure() {
        assertThat(one(new AuthFailedRule(), plain("a", "400 odd")).evidence().sample()).isEqualTo("400 odd");
        assertThat(one(new AuthFailedRule(), plain("a", "400 odd")).explanation()).contains("The server ended the login with 400");
        // the reader says it failed, yet the exchange shows no refusal: the connection's own facts are used
        Session odd = plain("a", "399 odd");
        odd.authOutcome = "failure";
        Finding f = one(new AuthFailedRule(), odd);
        assertThat(f.evidence().sample()).isEqualTo("399");
        assertThat(f.explanation()).contains("AUTH PLAIN once").contains("ended the login with 399");
    }

    @Test
    void withoutAuthExchangesTheConnectionsFactsAreUsed() {
        // a debug log without mail.debug.auth: the outcome and code come from the reader, not from exchanges
        Session s = Conversation.to("smtp.example.com", 587).greet("220 ok").cmd("EHLO a", "250 AUTH LOGIN").build();
        s.authOutcome = "failure";
        s.authReplyCode = 535;
        s.authMechanism = "LOGIN";
        Finding f = one(new AuthFailedRule(), s);
        assertThat(f.evidence().sample()).isEqualTo("535");
        assertThat(f.evidence().first()).isEqualTo(s.start);
        assertThat(f.explanation()).contains("AUTH LOGIN once").contains("535 means");
        Session bare = Conversation.to("smtp.example.com", 587).greet("220 ok").build();
        bare.authOutcome = "failure";
        Finding g = one(new AuthFailedRule(), bare);
        assertThat(g.evidence().sample()).isEqualTo("AUTH failed (no reply code in the input)");
        assertThat(g.explanation()).isEqualTo("The server rejected one login attempt on one connection: AUTH ? once.");
        assertThat(oneId(new AuthFailedRule(), bare).evidence().sample()).isEqualTo("AUTH gagal (tidak ada kode balasan dalam masukan)");
    }

    @Test
    void theMechanismComesFromTheCommandElseFromTheConnection() {
        Session s = greeted("a").cmd("AUTH", "535 no").build();
        assertThat(s.authMechanism).isNull();
        assertThat(one(new AuthFailedRule(), s).explanation()).contains("AUTH ? once");
        s.authMechanism = "CRAM-MD5";
        assertThat(one(new AuthFailedRule(), s).explanation()).contains("AUTH CRAM-MD5 once");
        assertThat(one(new AuthFailedRule(), greeted("a").cmd("auth login", "535 no").build()).explanation()).contains("AUTH LOGIN once");
        assertThat(AuthFailedRule.mechanism(null)).isNull();
        assertThat(AuthFailedRule.mechanism("  AUTH   xoauth2  [redacted]")).isEqualTo("XOAUTH2");
    }

    @Test
    void onlyFailedConnectionsAndRefusedAttemptsCount() {
        none(new AuthFailedRule(), login("a", "235 ok"));
        none(new AuthFailedRule(), greeted("a").cmd("AUTH LOGIN", "334 VXNlcm5hbWU6").build());
        // a refused PLAIN, then a refused LOGIN, each with its own code; a challenge is no refusal
        Session s = greeted("a").cmd("[redacted]", "535 stray").cmd("AUTH PLAIN [redacted]", "535 5.7.8 no").cmd("AUTH LOGIN", "334 VXNlcm5hbWU6")
                .cmd("[redacted]", "334 UGFzc3dvcmQ6").cmd("[redacted]", "535 5.7.8 no again").cmd("AUTH LOGIN", "334 VXNlcm5hbWU6")
                .cmd("[redacted]", "535 5.7.8 third").build();
        Finding f = one(new AuthFailedRule(), s);
        assertThat(f.count()).isEqualTo(3);
        assertThat(f.evidence().sample()).isEqualTo("535 5.7.8 no");
        assertThat(f.explanation()).contains("3 login attempts on one connection: AUTH PLAIN once, AUTH LOGIN 2 times")
                .contains("Repeated failed logins can lock the account");
    }

    @Test
    void aRefusalBeforeALaterUnfinishedAttemptIsStillTheEvidence() {
        // PLAIN refused, then LOGIN left at its first challenge; the reader says the connection's AUTH failed
        Session s = greeted("a").cmd("AUTH PLAIN [redacted]", "535 5.7.8 no").cmd("AUTH LOGIN", "334 VXNlcm5hbWU6").build();
        s.authOutcome = "failure";
        Finding f = one(new AuthFailedRule(), s);
        assertThat(f.count()).isEqualTo(1);
        assertThat(f.evidence().sample()).isEqualTo("535 5.7.8 no");
    }

    @Test
    void theLockoutWarningStartsAtTheThirdFailure() {
        Finding two = one(new AuthFailedRule(), plain("a", "535 no"), plain("b", "535 no"));
        assertThat(two.explanation()).contains("2 login attempts on 2 connections: AUTH PLAIN 2 times").doesNotContain("lock");
        assertThat(two.evidence().sessions()).containsExactly("a", "b");
        Finding three = one(new AuthFailedRule(), plain("a", "535 no"), plain("b", "535 no"), plain("c", "535 no"));
        assertThat(three.explanation()).contains("lock");
    }

    @Test
    void eachCodeIsExplainedOnce() {
        assertThat(one(new AuthFailedRule(), plain("a", "534 5.7.9 app password")).explanation())
                .contains("534 means the account needs a different mechanism").doesNotContain("535");
        assertThat(one(new AuthFailedRule(), plain("a", "538 5.7.11 encryption")).explanation())
                .contains("538 means this mechanism is only allowed over an encrypted connection");
        assertThat(one(new AuthFailedRule(), plain("a", "454 4.7.0 later")).explanation())
                .contains("454 is a temporary authentication failure");
        assertThat(one(new AuthFailedRule(), plain("a", "550 5.7.1 blocked")).explanation())
                .contains("The server ended the login with 550; the reply text in the evidence says why.");
        Finding same = one(new AuthFailedRule(), plain("a", "535 no"), plain("b", "535 no"));
        assertThat(same.explanation().split("535 means", -1)).hasSize(2);
        Finding mixed = one(new AuthFailedRule(), plain("a", "535 no"), plain("b", "454 later"));
        assertThat(mixed.explanation()).contains("535 means").contains("454 is a temporary");
    }

    @Test
    void anOauthRejectionPointsAtTheToken() {
        Session xoauth = greeted("a").cmd("AUTH XOAUTH2 [redacted]", "535 no").build();
        assertThat(one(new AuthFailedRule(), xoauth).explanation()).contains("AUTH XOAUTH2 once").contains("access token has expired");
        Session bearer = greeted("a").cmd("AUTH OAUTHBEARER [redacted]", "535 no").build();
        assertThat(one(new AuthFailedRule(), bearer).explanation()).contains("access token has expired");
        assertThat(one(new AuthFailedRule(), plain("a", "535 no")).explanation()).doesNotContain("access token");
    }

    @Test
    void theFixFollowsTheMostSpecificCode() {
        assertThat(one(new AuthFailedRule(), plain("a", "534 no")).fix()).startsWith("Create an app password");
        assertThat(one(new AuthFailedRule(), plain("a", "538 no")).fix()).startsWith("Encrypt first");
        assertThat(one(new AuthFailedRule(), plain("a", "534 no"), plain("b", "538 no")).fix()).startsWith("Encrypt first");
        assertThat(one(new AuthFailedRule(), plain("a", "538 no"), plain("b", "534 no")).fix()).startsWith("Encrypt first");
        assertThat(one(new AuthFailedRule(), plain("a", "535 no"), plain("b", "534 no")).fix()).startsWith("Create an app password");
        assertThat(one(new AuthFailedRule(), plain("a", "454 no")).fix()).startsWith("Check the user name");
    }

    @Test
    void theTextsAreIndonesianToo() {
        Finding f = oneId(new AuthFailedRule(), plain("a", "535 no"), login("b", "534 no"), plain("c", "535 no"));
        assertThat(f.explanation()).startsWith("Server menolak 3 percobaan login pada 3 koneksi: AUTH PLAIN 2 kali, AUTH LOGIN sekali.")
                .contains("535 berarti server menolak kredensial").contains("534 berarti").contains("Login gagal yang berulang");
        assertThat(f.fix()).startsWith("Buat kata sandi aplikasi");
    }
}
