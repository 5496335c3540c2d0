package io.smtptrace.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EhloInfoTest {

    private static EhloInfo ehlo(String raw) {
        return EhloInfo.parse(Reply.parse(250, raw));
    }

    @Test
    void theFirstLineIsTheServerNameNotAnExtension() {
        EhloInfo e = ehlo("250-STARTTLS\n250 SIZE 1000\n");
        assertThat(e.startTls).as("a name that looks like a keyword is still the name").isFalse();
        assertThat(e.extensions).containsExactly("SIZE 1000");
        assertThat(e.sizeLimit).isEqualTo(1000);

        EhloInfo bare = ehlo("250 mx.example greets you\n");
        assertThat(bare.extensions).isEmpty();
        assertThat(bare.authMechanisms).isEmpty();
        assertThat(bare.startTls || bare.pipelining || bare.chunking || bare.smtpUtf8 || bare.eightBitMime).isFalse();
        assertThat(bare.sizeLimit).isZero();
    }

    @Test
    void keywordsAreCaseInsensitiveAndAuthMechanismsAreUpperCasedOnce() {
        EhloInfo e = ehlo("250-mx\n250-starttls\n250-Pipelining\n250-auth login Plain\n250-AUTH=LOGIN plain\n"
                + "250-size 52428800\n250 chunking\n");
        assertThat(e.startTls).isTrue();
        assertThat(e.pipelining).isTrue();
        assertThat(e.chunking).isTrue();
        assertThat(e.authMechanisms).containsExactly("LOGIN", "PLAIN");
        assertThat(e.sizeLimit).isEqualTo(52_428_800L);
        assertThat(e.extensions).containsExactly("starttls", "Pipelining", "auth login Plain", "AUTH=LOGIN plain",
                "size 52428800", "chunking");
    }

    @Test
    void aSizeWithoutOrWithAGarbageLimitIsNoLimit() {
        assertThat(ehlo("250-mx\n250 SIZE\n").sizeLimit).isZero();
        assertThat(ehlo("250-mx\n250 SIZE unlimited\n").sizeLimit).isZero();
        assertThat(ehlo("250-mx\n250-SIZE 0\n250 8BITMIME\n").eightBitMime).isTrue();
        assertThat(ehlo("250-mx\n250 AUTH\n").authMechanisms).isEmpty();
    }

    @Test
    void shortOrEmptyExtensionLinesAreKeptEmpty() {
        EhloInfo e = ehlo("250-mx\n250-\n250 SMTPUTF8\n");
        assertThat(e.extensions).containsExactly("", "SMTPUTF8");
        assertThat(e.smtpUtf8).isTrue();
        // exactly four characters: the code and its separator, nothing after it
        assertThat(ehlo("250-mx\n250 \n").extensions).containsExactly("");
        assertThat(ehlo("250-mx\n250 X\n").extensions).containsExactly("X");
    }
}
