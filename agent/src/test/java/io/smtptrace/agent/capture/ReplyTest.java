package io.smtptrace.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplyTest {

    @Test
    void parsesMultiLineRepliesAsJavaMailStoresThem() {
        Reply r = Reply.parse(250, "250-mail.example.com\n250-SIZE 1000\n250 AUTH PLAIN LOGIN\n");
        assertThat(r.code).isEqualTo(250);
        assertThat(r.lines).containsExactly("250-mail.example.com", "250-SIZE 1000", "250 AUTH PLAIN LOGIN");
        assertThat(r.enhancedCode).isNull();
    }

    @Test
    void findsEnhancedStatusCodes() {
        assertThat(Reply.parse(530, "530 5.7.0 Must issue a STARTTLS command first\n").enhancedCode)
                .isEqualTo("5.7.0");
        assertThat(Reply.parse(550, "550 5.7.139 Access denied\n").enhancedCode).isEqualTo("5.7.139");
        assertThat(Reply.parse(452, "452 4.5.3 Too many recipients\n").enhancedCode).isEqualTo("4.5.3");
        // class digit must match the reply's
        assertThat(Reply.parse(550, "550 4.1.1 odd\n").enhancedCode).isNull();
        assertThat(Reply.parse(250, "250 2.0.0 Ok: queued as 12345\n").enhancedCode).isEqualTo("2.0.0");
        assertThat(Reply.parse(250, "250 OK\n").enhancedCode).isNull();
        assertThat(Reply.parse(554, "554 5.1.0.1 not a code\n").enhancedCode).isNull();
    }

    @Test
    void ehloExtensionsAreParsed() {
        EhloInfo e = EhloInfo.parse(Reply.parse(250,
                "250-mx.example\n250-PIPELINING\n250-SIZE 10240000\n250-STARTTLS\n250-AUTH=LOGIN\n"
                        + "250-AUTH PLAIN LOGIN XOAUTH2\n250-8BITMIME\n250-SMTPUTF8\n250 CHUNKING\n"));
        assertThat(e.sizeLimit).isEqualTo(10240000);
        assertThat(e.authMechanisms).containsExactly("LOGIN", "PLAIN", "XOAUTH2");
        assertThat(e.startTls).isTrue();
        assertThat(e.pipelining).isTrue();
        assertThat(e.eightBitMime).isTrue();
        assertThat(e.smtpUtf8).isTrue();
        assertThat(e.chunking).isTrue();
        assertThat(e.extensions).hasSize(8).contains("SIZE 10240000");
    }

    @Test
    void lineEndingsAndEdgeCases() {
        assertThat(Reply.parse(250, "250 OK").lines).containsExactly("250 OK");
        assertThat(Reply.parse(250, "250 OK\r\n").lines).containsExactly("250 OK");
        assertThat(Reply.parse(250, "250-a\r\n250 b\r\n").lines).containsExactly("250-a", "250 b");
        assertThat(Reply.parse(250, "250-a\n250 b").lines).containsExactly("250-a", "250 b");
        assertThat(Reply.parse(250, "250 a\n\n").lines).containsExactly("250 a", "");
        assertThat(Reply.parse(250, "\n").lines).containsExactly("");
        assertThat(Reply.parse(250, "").lines).isEmpty();
        assertThat(Reply.parse(250, null).lines).isEmpty();
    }

    @Test
    void recentRepliesAreSharedButNotThoseHoldingAddresses() {
        String ok = "250 2.0.0 Ok: queued as " + System.nanoTime() + "\n";
        Reply a = Reply.parseCached(250, ok);
        assertThat(Reply.parseCached(250, new String(ok.toCharArray()))).isSameAs(a);
        assertThat(a.lines).containsExactly(ok.trim());
        assertThat(a.enhancedCode).isEqualTo("2.0.0");
        // same text, other code: not the cached one
        assertThat(Reply.parseCached(251, ok).code).isEqualTo(251);
        String withAddress = "550 5.1.1 <nobody@example.org>: unknown " + System.nanoTime() + "\n";
        Reply b = Reply.parseCached(550, withAddress);
        assertThat(Reply.parseCached(550, withAddress)).isNotSameAs(b);
        assertThat(b.lines).containsExactly(withAddress.trim());
        assertThat(Reply.parseCached(250, null).lines).isEmpty();
    }

    @Test
    void enhancedCodesAtTheEdgesOfTheirSyntax() {
        assertThat(Reply.parse(250, "250 2.0.0\n").enhancedCode).as("the code alone, nothing after it").isEqualTo("2.0.0");
        assertThat(Reply.parse(250, "250 2.0.\n").enhancedCode).isNull();
        assertThat(Reply.parse(200, "200 2.0.0 odd but fine\n").enhancedCode).isEqualTo("2.0.0");
        assertThat(Reply.parse(550, "550 5.7.999 three digits\n").enhancedCode).isEqualTo("5.7.999");
        assertThat(Reply.parse(550, "550 5.7.1000 four digits\n").enhancedCode).isNull();
        assertThat(Reply.parse(550, "550 5.1000.1 four digits\n").enhancedCode).isNull();
        assertThat(Reply.parse(550, "550 5..1 empty part\n").enhancedCode).isNull();
        assertThat(Reply.parse(550, "550 5.7 two parts\n").enhancedCode).isNull();
        assertThat(Reply.parse(550, "550 5.7. empty last part\n").enhancedCode).isNull();
        assertThat(Reply.parse(550, "550 5.7.1x glued\n").enhancedCode).isNull();
        assertThat(Reply.parse(550, "550 5x7.1 no dot after the class\n").enhancedCode).isNull();
        assertThat(Reply.parse(550, "550-5.7.1 continued\n").enhancedCode).isEqualTo("5.7.1");
        assertThat(Reply.parse(550, "550 5.7.13 not a common one\n").enhancedCode).isEqualTo("5.7.13");
        // from the last line of a multi-line reply; a code below 200 has none
        assertThat(Reply.parse(550, "550-5.7.1 first\n550 5.7.26 last\n").enhancedCode).isEqualTo("5.7.26");
        assertThat(Reply.parse(199, "199 1.0.0 odd\n").enhancedCode).isNull();
    }

    @Test
    void anEmptyFirstLineIsALineOfItsOwn() {
        assertThat(Reply.parse(250, "\n250 OK\n").lines).containsExactly("", "250 OK");
        assertThat(Reply.parse(250, "\n250 OK").lines).containsExactly("", "250 OK");
    }
}
