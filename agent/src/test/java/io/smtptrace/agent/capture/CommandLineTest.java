package io.smtptrace.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandLineTest {

    private static CommandLine parse(String s, boolean after334, EnvelopePrivacy p) {
        return CommandLine.parse(s.getBytes(StandardCharsets.US_ASCII), after334, p);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "AUTH PLAIN AHVzZXIAc2VjcmV0|AUTH PLAIN",
        "AUTH LOGIN|AUTH LOGIN",
        "auth xoauth2 dXNlcj1hAWF1dGg9QmVhcmVyIHRvawEB|AUTH XOAUTH2",
        "AUTH CRAM-MD5|AUTH CRAM-MD5",
        "AUTH LOGIN dXNlcg==|AUTH LOGIN",
    })
    void authKeepsOnlyTheMechanism(String line, String expected) {
        CommandLine c = parse(line, false, EnvelopePrivacy.FULL);
        assertThat(c.verb).isEqualTo("AUTH");
        assertThat(c.line).isEqualTo(expected);
    }

    @Test
    void everyLineAnsweringA334IsRedacted() {
        CommandLine c = parse("c2VjcmV0", true, EnvelopePrivacy.FULL);
        assertThat(c.line).isEqualTo("[redacted]");
        assertThat(c.verb).isNull();
        // even one that looks like a command
        assertThat(parse("QUIT", true, EnvelopePrivacy.FULL).line).isEqualTo("[redacted]");
    }

    @Test
    @org.junit.jupiter.api.parallel.ResourceLock("io.smtptrace.agent.capture.EnvelopePrivacy.key")
    void envelopeAddressesFollowThePrivacySetting() {
        assertThat(parse("MAIL FROM:<Alice@Example.com> BODY=8BITMIME", false, EnvelopePrivacy.DOMAIN).line)
                .isEqualTo("MAIL FROM:<***@Example.com> BODY=8BITMIME");
        assertThat(parse("RCPT TO:<bob@example.org>", false, EnvelopePrivacy.NONE).line)
                .isEqualTo("RCPT TO:<[redacted]>");
        assertThat(parse("RCPT TO:<bob@example.org>", false, EnvelopePrivacy.FULL).address)
                .isEqualTo("bob@example.org");
        String h1 = parse("RCPT TO:<Bob@example.org>", false, EnvelopePrivacy.HASH).address;
        String h2 = parse("RCPT TO:<bob@example.org>", false, EnvelopePrivacy.HASH).address;
        assertThat(h1).isEqualTo(h2).matches("hmac:[0-9a-f]{16}@example.org");
        assertThat(parse("MAIL FROM:<>", false, EnvelopePrivacy.DOMAIN).line).isEqualTo("MAIL FROM:<>");
    }

    @Test
    void otherCommandsAreKeptAsSent() {
        CommandLine c = parse("EHLO client.example", false, EnvelopePrivacy.DOMAIN);
        assertThat(c.verb).isEqualTo("EHLO");
        assertThat(c.line).isEqualTo("EHLO client.example");
        assertThat(parse(".", false, EnvelopePrivacy.DOMAIN).verb).isEqualTo(".");
    }

    @Test
    void addressesInsideRepliesAndMessagesAreRedactedToo() {
        String reply = "554 5.7.1 <someone@outside.invalid>: Relay access denied";
        assertThat(EnvelopePrivacy.DOMAIN.redactAddresses(reply))
                .isEqualTo("554 5.7.1 <***@outside.invalid>: Relay access denied");
        assertThat(EnvelopePrivacy.NONE.redactAddresses("550 5.1.1 nobody@example.test: User unknown."))
                .isEqualTo("550 5.1.1 [redacted]: User unknown.");
        assertThat(EnvelopePrivacy.FULL.redactAddresses(reply)).isEqualTo(reply);
        assertThat(EnvelopePrivacy.DOMAIN.redactAddresses("a@b.example and c.d+e@f.example."))
                .isEqualTo("***@b.example and ***@f.example.");
        assertThat(EnvelopePrivacy.DOMAIN.redactAddresses("250 2.0.0 Ok: queued as 4F2")).isEqualTo("250 2.0.0 Ok: queued as 4F2");
        assertThat(EnvelopePrivacy.HASH.redactAddresses("<Bob@x.org>"))
                .isEqualTo("<" + EnvelopePrivacy.HASH.apply("Bob@x.org") + ">");
    }

    @Test
    void aLineWhoseVerbIsNotSmtpIsRedactedWholeVerbIncluded() {
        // a base64 credential after an attach between 334 and the answer, an unknown SASL exchange, garbage
        for (String line : new String[] {"cHctU0VDUkVULTE=", "dXNlcg== cGFzcw==", "XYZZY secret", ""}) {
            CommandLine c = parse(line, false, EnvelopePrivacy.DOMAIN);
            assertThat(c.line).as(line).isEqualTo("[redacted]");
            assertThat(c.verb).as(line).isNull();
            assertThat(c.redacted()).isTrue();
        }
        assertThat(parse("VRFY alice@example.com", false, EnvelopePrivacy.DOMAIN).line)
                .isEqualTo("VRFY ***@example.com");
    }

    @Test
    @org.junit.jupiter.api.parallel.ResourceLock("io.smtptrace.agent.capture.EnvelopePrivacy.key")
    void envelopeHashIsKeyedNotAPlainDigest() throws Exception {
        String plain = "bob@example.org";
        try {
            EnvelopePrivacy.useKey("key-one".getBytes());
            String one = EnvelopePrivacy.HASH.apply(plain);
            EnvelopePrivacy.useKey("key-two".getBytes());
            String two = EnvelopePrivacy.HASH.apply(plain);
            assertThat(one).isNotEqualTo(two);
            EnvelopePrivacy.useKey("key-one".getBytes());
            assertThat(EnvelopePrivacy.HASH.apply("Bob@example.org")).isEqualTo(one);
            // a dictionary of addresses hashed with SHA-256 (the old form) finds nothing
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(plain.getBytes());
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                hex.append(String.format("%02x", d[i]));
            }
            assertThat(one).doesNotContain(hex);
        } finally {
            EnvelopePrivacy.useKey(new byte[0]);
        }
    }

    @Test
    void fixedLinesAreSharedAndMatchOnlyExactly() {
        for (String f : new String[] {"DATA", ".", "RSET", "NOOP", "QUIT"}) {
            CommandLine c = parse(f, false, EnvelopePrivacy.DOMAIN);
            assertThat(c.verb).isEqualTo(f);
            assertThat(c.line).isEqualTo(f);
            assertThat(c.address).isNull();
            assertThat(c.redacted()).isFalse();
            assertThat(parse(f, false, EnvelopePrivacy.DOMAIN)).isSameAs(c);
        }
        // same length, other bytes; longer; lower case: parsed, not the shared instance
        CommandLine data = parse("DATA", false, EnvelopePrivacy.DOMAIN);
        assertThat(parse("DATX", false, EnvelopePrivacy.DOMAIN).redacted()).isTrue();
        assertThat(parse("data", false, EnvelopePrivacy.DOMAIN)).isNotSameAs(data);
        assertThat(parse("data", false, EnvelopePrivacy.DOMAIN).verb).isEqualTo("DATA");
        assertThat(parse("DATAX", false, EnvelopePrivacy.DOMAIN).redacted()).isTrue();
        assertThat(parse("DAT", false, EnvelopePrivacy.DOMAIN).redacted()).isTrue();
    }

    @Test
    void theVerbIsTheWholeFirstWord() {
        assertThat(parse("HELO", false, EnvelopePrivacy.DOMAIN).line).isEqualTo("HELO");
        assertThat(parse("helo me", false, EnvelopePrivacy.DOMAIN).verb).isEqualTo("HELO");
        assertThat(parse("HELOX me", false, EnvelopePrivacy.DOMAIN).redacted()).isTrue();
        assertThat(parse("HEL me", false, EnvelopePrivacy.DOMAIN).redacted()).isTrue();
        assertThat(parse("XFORWARD NAME=a", false, EnvelopePrivacy.DOMAIN).line).isEqualTo("XFORWARD NAME=a");
        assertThat(parse(" MAIL FROM:<a@b>", false, EnvelopePrivacy.DOMAIN).redacted()).isTrue();
    }

    @Test
    void authWithoutAMechanismOrWithTrailingSpaces() {
        assertThat(parse("AUTH", false, EnvelopePrivacy.DOMAIN).line).isEqualTo("AUTH");
        assertThat(parse("AUTH ", false, EnvelopePrivacy.DOMAIN).line).isEqualTo("AUTH");
        assertThat(parse("AUTH  plain   AGEAYg==", false, EnvelopePrivacy.DOMAIN).line).isEqualTo("AUTH PLAIN");
        assertThat(parse("AUTH LOGIN ", false, EnvelopePrivacy.DOMAIN).line).isEqualTo("AUTH LOGIN");
        assertThat(parse("AUTH LOGIN ", false, EnvelopePrivacy.DOMAIN).address).isNull();
    }

    @Test
    void envelopeAddressBoundaries() {
        CommandLine c = parse("MAIL FROM:<a@b.example> SIZE=10", false, EnvelopePrivacy.NONE);
        assertThat(c.line).isEqualTo("MAIL FROM:<[redacted]> SIZE=10");
        assertThat(c.address).isEqualTo("[redacted]");
        // a '>' inside a quoted local part does not end the address; escaped quotes stay inside it
        assertThat(parse("RCPT TO:<\"a>b\"@x.org> NOTIFY=NEVER", false, EnvelopePrivacy.DOMAIN).line)
                .isEqualTo("RCPT TO:<***@x.org> NOTIFY=NEVER");
        assertThat(parse("RCPT TO:<\"a\\\">b\"@x.org>", false, EnvelopePrivacy.DOMAIN).line)
                .isEqualTo("RCPT TO:<***@x.org>");
        assertThat(parse("RCPT TO:<a\\>@x.org>", false, EnvelopePrivacy.DOMAIN).line)
                .isEqualTo("RCPT TO:<***>@x.org>");
        // unclosed bracket, or '>' before '<': the unbracketed form
        assertThat(parse("RCPT TO:<bob@x.org", false, EnvelopePrivacy.DOMAIN).line).isEqualTo("RCPT TO:***@x.org");
        assertThat(parse("RCPT TO:> <bob@x.org", false, EnvelopePrivacy.NONE).line)
                .isEqualTo("RCPT TO:[redacted] <[redacted]");
        // DSN parameters repeat the address
        assertThat(parse("RCPT TO:<bob@x.org> NOTIFY=FAILURE ORCPT=rfc822;bob@x.org", false, EnvelopePrivacy.DOMAIN)
                .line).isEqualTo("RCPT TO:<***@x.org> NOTIFY=FAILURE ORCPT=rfc822;***@x.org");
        assertThat(parse("RCPT a@b.c TO:<bob@x.org>", false, EnvelopePrivacy.DOMAIN).line)
                .isEqualTo("RCPT ***@b.c TO:<***@x.org>");
        assertThat(parse("RCPT TO:bob@x.org ORCPT=rfc822;bob@x.org", false, EnvelopePrivacy.DOMAIN).line)
                .isEqualTo("RCPT TO:***@x.org ORCPT=rfc822;***@x.org");
        CommandLine u = parse("MAIL FROM: bob@x.org BODY=8BITMIME", false, EnvelopePrivacy.DOMAIN);
        assertThat(u.line).isEqualTo("MAIL FROM:***@x.org BODY=8BITMIME");
        assertThat(u.address).isEqualTo("***@x.org");
        assertThat(parse("MAIL FROM:bob@x.org", false, EnvelopePrivacy.DOMAIN).line).isEqualTo("MAIL FROM:***@x.org");
        assertThat(parse("MAIL FROM:bob@x.org", false, EnvelopePrivacy.DOMAIN).address).isEqualTo("***@x.org");
        assertThat(parse("MAIL FROM:\"j d\\\" e\"@x.org SIZE=1", false, EnvelopePrivacy.DOMAIN).line)
                .isEqualTo("MAIL FROM:***@x.org SIZE=1");
        // no colon, no bracket: the address scan over the whole line
        CommandLine n = parse("RCPT bob@x.org", false, EnvelopePrivacy.DOMAIN);
        assertThat(n.line).isEqualTo("RCPT ***@x.org");
        assertThat(n.address).isNull();
        assertThat(parse("MAIL FROM:<>", false, EnvelopePrivacy.NONE).address).isEmpty();
    }

    @Test
    void aQuotedLocalPartWithAnEscapedQuoteBeforeAnAtLeaksNothingFromOrcpt() {
        // the counterexample jqwik found (RedactionPropertiesTest): "J@\"@K" exported "K" as the domain of "J@\"
        String line = "MAIL FROM:<\"J@\\\"@K\"@example.org> NOTIFY=FAILURE ORCPT=rfc822;\"J@\\\"@K\"@example.org";
        assertThat(parse(line, false, EnvelopePrivacy.DOMAIN).line)
                .isEqualTo("MAIL FROM:<***@example.org> NOTIFY=FAILURE ORCPT=rfc822;***@example.org");
        String unbracketed = "RCPT TO:\"J@\\\"@K\"@example.org ORCPT=rfc822;\"J@\\\"@K\"@example.org";
        assertThat(parse(unbracketed, false, EnvelopePrivacy.NONE).line)
                .isEqualTo("RCPT TO:[redacted] ORCPT=rfc822;[redacted]");
    }

    @Test
    void aLineWithoutSpaceIsKeptAsIsAndOthersHaveAddressesRedacted() {
        assertThat(parse("VRFY", false, EnvelopePrivacy.NONE).line).isEqualTo("VRFY");
        assertThat(parse("EHLO a@b", false, EnvelopePrivacy.NONE).line).isEqualTo("EHLO [redacted]");
        assertThat(parse("EHLO a@b", false, EnvelopePrivacy.NONE).address).isNull();
    }

    @Test
    void nonAsciiBytesAreReadOneCharEach() {
        byte[] line = "RCPT TO:<jürgen@bücher.example>".getBytes(StandardCharsets.UTF_8);
        CommandLine c = CommandLine.parse(line, false, EnvelopePrivacy.DOMAIN);
        assertThat(c.line).isEqualTo("RCPT TO:<***@" + new String("bücher.example".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1) + ">");
    }
}
