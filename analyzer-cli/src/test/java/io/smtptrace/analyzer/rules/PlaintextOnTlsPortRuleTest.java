package io.smtptrace.analyzer.rules;

import static io.smtptrace.analyzer.rules.RuleRun.none;
import static io.smtptrace.analyzer.rules.RuleRun.one;
import static io.smtptrace.analyzer.rules.RuleRun.oneId;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.support.Conversation;

/** A plaintext client that never got a greeting: a TLS-first port, unless the connection itself failed. */
class PlaintextOnTlsPortRuleTest {

    private static Session silent(int port, String error) {
        Session s = Conversation.to("mx.example", port).greet().build();
        s.exchanges.get(0).replyError = error;
        return s;
    }

    @Test
    void noGreetingOn465IsATlsPort() {
        Finding f = one(new PlaintextOnTlsPortRule(), silent(465, "java.net.SocketTimeoutException"));
        assertThat(f.rule()).isEqualTo("plaintext-on-tls-port");
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.evidence().sample()).isEqualTo("(greeting) -> no reply (java.net.SocketTimeoutException)");
        assertThat(f.explanation()).isEqualTo("The client connected in plaintext and waited for the server's 220 greeting, which never came"
                + " (one connection). A server on an implicit-TLS port such as this one (465) waits silently for a TLS handshake, so both"
                + " sides wait until the read timeout.");
        assertThat(f.fix()).contains("mail.smtp.ssl.enable=true");
    }

    @Test
    void onAnotherPortTheServerMayBeHung() {
        Finding f = one(new PlaintextOnTlsPortRule(), silent(2525, "java.net.SocketTimeoutException"), silent(2525, "eof"));
        assertThat(f.count()).isEqualTo(2);
        assertThat(f.explanation()).contains("(2 connections)").contains("If this port is not a TLS port, the server is hung");
    }

    @Test
    void aFailedConnectWithoutAGreetingExchangeOn465() {
        Session s = Conversation.to("mx.example", 465).end("connect_failed").build();
        Finding f = one(new PlaintextOnTlsPortRule(), s);
        assertThat(f.evidence().sample()).isEqualTo("no greeting");
        assertThat(f.explanation()).contains("(465)");
        none(new PlaintextOnTlsPortRule(), Conversation.to("mx.example", 587).end("connect_failed").build());
        none(new PlaintextOnTlsPortRule(), Conversation.to("mx.example", 465).end("client_exception").build());
        // the greeting marked connect_failed by the reader: the connection failed on 465
        Session marked = silent(465, "connect_failed");
        marked.endReason = "connect_failed";
        assertThat(one(new PlaintextOnTlsPortRule(), marked).evidence().sample()).isEqualTo("(greeting) -> no reply (connect_failed)");
        // a greeting exchange with neither reply nor error on a failed 465 connection: "no greeting", never "(null)"
        Session bare = silent(465, null);
        bare.endReason = "connect_failed";
        assertThat(one(new PlaintextOnTlsPortRule(), bare).evidence().sample()).isEqualTo("no greeting");
        Session markedElsewhere = silent(587, "connect_failed");
        markedElsewhere.endReason = "connect_failed";
        none(new PlaintextOnTlsPortRule(), markedElsewhere);
    }

    @Test
    void notWhenTheConnectionWasRefusedOrTlsWasOn() {
        for (String e : new String[] {"java.net.ConnectException", "java.net.UnknownHostException", "java.net.NoRouteToHostException"}) {
            Session s = silent(465, e);
            s.endReason = "connect_failed";
            none(new PlaintextOnTlsPortRule(), s);
        }
        Session tls = Conversation.to("mx.example", 465).ssl().greet().build();
        tls.exchanges.get(0).replyError = "java.net.SocketTimeoutException";
        none(new PlaintextOnTlsPortRule(), tls);
        none(new PlaintextOnTlsPortRule(), Conversation.to("mx.example", 465).greet("220 mx").build());
    }

    @Test
    void theTextsAreIndonesianToo() {
        Finding f = oneId(new PlaintextOnTlsPortRule(), silent(465, "java.net.SocketTimeoutException"));
        assertThat(f.evidence().sample()).isEqualTo("(salam pembuka) -> tidak ada balasan (java.net.SocketTimeoutException)");
        assertThat(f.explanation()).contains("(satu koneksi)").contains("(465)");
    }
}
