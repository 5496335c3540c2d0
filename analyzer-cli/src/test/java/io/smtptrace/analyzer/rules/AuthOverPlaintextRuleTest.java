package io.smtptrace.analyzer.rules;

import static io.smtptrace.analyzer.rules.RuleRun.none;
import static io.smtptrace.analyzer.rules.RuleRun.one;
import static io.smtptrace.analyzer.rules.RuleRun.oneId;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.support.Conversation;

/** AUTH on a connection without established TLS, named by mechanism. */
class AuthOverPlaintextRuleTest {

    private static Session plaintextAuth(String id, String ehloLast, String auth) {
        return Conversation.to("mx.example", 25).id(id).greet("220 mx").cmd("EHLO a", "250-mx", ehloLast).cmd(auth, "235 ok").build();
    }

    @Test
    void loginOrPlainIsReadableBase64() {
        Session s = plaintextAuth("s1", "250 AUTH LOGIN", "AUTH LOGIN");
        Finding f = one(new AuthOverPlaintextRule(), s);
        assertThat(f.rule()).isEqualTo("auth-over-plaintext");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.evidence().sample()).isEqualTo("AUTH LOGIN");
        assertThat(f.evidence().first()).isEqualTo(s.exchanges.get(2).time);
        assertThat(f.explanation()).isEqualTo("The client sent AUTH LOGIN on an unencrypted connection. LOGIN sends the password only"
                + " base64-encoded, that is readable by anyone on the network path.");
        assertThat(f.fix()).startsWith("Set mail.smtp.starttls.enable=true and mail.smtp.starttls.required=true");
        assertThat(one(new AuthOverPlaintextRule(), plaintextAuth("s1", "250 AUTH PLAIN", "AUTH PLAIN [redacted]")).explanation())
                .contains("PLAIN sends the password only base64-encoded");
        assertThat(one(new AuthOverPlaintextRule(), plaintextAuth("s1", "250 AUTH XOAUTH2", "AUTH XOAUTH2 [redacted]")).explanation())
                .isEqualTo("The client sent AUTH XOAUTH2 on an unencrypted connection. Credentials or tokens can be captured on the network path.");
    }

    @Test
    void anOfferedStarttlsIsPointedOutAndRepeatsCounted() {
        Finding f = one(new AuthOverPlaintextRule(), plaintextAuth("a", "250 STARTTLS", "AUTH PLAIN"), plaintextAuth("b", "250 SIZE 5", "AUTH PLAIN"));
        assertThat(f.count()).isEqualTo(2);
        assertThat(f.explanation()).startsWith("The client sent AUTH PLAIN on an unencrypted connection (2 connections).")
                .endsWith("The server offered STARTTLS, it just was not used.");
        assertThat(one(new AuthOverPlaintextRule(), plaintextAuth("b", "250 SIZE 5", "AUTH PLAIN")).explanation()).doesNotContain("offered");
    }

    @Test
    void aMechanismKnownOnlyFromTheReaderIsStillReported() {
        Session s = Conversation.to("mx.example", 25).greet("220 mx").cmd("EHLO a", "250 mx").build();
        s.authMechanism = "PLAIN";
        Finding f = one(new AuthOverPlaintextRule(), s);
        assertThat(f.evidence().sample()).isEqualTo("AUTH PLAIN");
        assertThat(f.evidence().first()).isEqualTo(s.start);
        Session bare = plaintextAuth("a", "250 AUTH PLAIN", "AUTH");
        assertThat(one(new AuthOverPlaintextRule(), bare).explanation()).startsWith("The client sent AUTH ? on an unencrypted connection.")
                .contains("Credentials or tokens");
    }

    @Test
    void onlyAnEstablishedTlsProtectsTheCredentials() {
        none(new AuthOverPlaintextRule(), Conversation.to("mx.example", 25).greet("220 mx").cmd("EHLO a", "250 mx").build());
        none(new AuthOverPlaintextRule(), Conversation.to("mx.example", 587).correct().build());
        none(new AuthOverPlaintextRule(), Conversation.to("mx.example", 465).ssl().greet("220 mx").cmd("AUTH PLAIN", "235 ok").build());
        Session failedTls = Conversation.to("mx.example", 587).correct().build();
        failedTls.tlsEstablished = false;
        assertThat(one(new AuthOverPlaintextRule(), failedTls).evidence().sample()).isEqualTo("AUTH PLAIN");
        Session noTlsMode = plaintextAuth("a", "250 AUTH PLAIN", "AUTH PLAIN");
        noTlsMode.tlsEstablished = true; // a reader's flag without a TLS mode does not make the connection encrypted
        assertThat(one(new AuthOverPlaintextRule(), noTlsMode).count()).isEqualTo(1);
    }

    @Test
    void theTextsAreIndonesianToo() {
        Finding f = oneId(new AuthOverPlaintextRule(), plaintextAuth("a", "250 STARTTLS", "AUTH LOGIN"), plaintextAuth("b", "250 STARTTLS", "AUTH LOGIN"));
        assertThat(f.explanation()).isEqualTo("Klien mengirim AUTH LOGIN melalui koneksi tanpa enkripsi (2 koneksi). LOGIN mengirim kata sandi"
                + " hanya dalam bentuk base64, artinya dapat dibaca siapa pun di jalur jaringan. Server menawarkan STARTTLS, hanya saja tidak digunakan.");
    }
}
