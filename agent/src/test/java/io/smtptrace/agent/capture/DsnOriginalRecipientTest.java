package io.smtptrace.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ORCPT's value (xtext, utf-8-addr-xtext) is redacted whole and reads like the envelope address. */
class DsnOriginalRecipientTest {

    private static String line(String s, EnvelopePrivacy p) {
        return CommandLine.parse(s.getBytes(StandardCharsets.UTF_8), false, p).line;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        // RFC 6533 utf-8-addr-xtext: the free-text scan stopped at the backslash and exported "j\\"
        "RCPT TO:<a@x.org> ORCPT=utf-8;j\\x{FC}rgen@example.org|RCPT TO:<***@x.org> ORCPT=utf-8;***@example.org",
        "RCPT TO:<a@x.org> orcpt=rfc822;bob+2Btag@example.org NOTIFY=NEVER"
                + "|RCPT TO:<***@x.org> orcpt=rfc822;***@example.org NOTIFY=NEVER",
        // no address type: the whole value is the address
        "RCPT TO:<a@x.org> ORCPT=j;k@example.org|RCPT TO:<***@x.org> ORCPT=j;***@example.org",
        "RCPT TO:<a@x.org> ORCPT=jk@example.org|RCPT TO:<***@x.org> ORCPT=***@example.org",
        // a quoted local part sent unencoded: the value runs to the space after its closing quote
        "RCPT TO:<a@x.org> ORCPT=\"j k\"@example.org NOTIFY=NEVER|RCPT TO:<***@x.org> ORCPT=***@example.org NOTIFY=NEVER",
        "RCPT TO:<a@x.org> ORCPT=rfc822;\"j;k\"@example.org|RCPT TO:<***@x.org> ORCPT=rfc822;***@example.org",
        // other parameters: addresses in them redacted like free text ('=' is a local-part char: more, never less)
        "RCPT TO:<a@x.org> X=j@y.org ORCPT=rfc822;k@z.org Y=(l@w.org)"
                + "|RCPT TO:<***@x.org> ***@y.org ORCPT=rfc822;***@z.org Y=(***@w.org)",
        "RCPT TO:<a@x.org> XORCPT=rfc822;k@z.org|RCPT TO:<***@x.org> XORCPT=rfc822;***@z.org",
        "RCPT TO:<a@x.org> ORCPT=|RCPT TO:<***@x.org> ORCPT=",
        "RCPT TO:a@x.org ORCPT=rfc822;j\\x{FC}@example.org|RCPT TO:***@x.org ORCPT=rfc822;***@example.org",
    })
    void theValueIsRedactedWhole(String sent, String exported) {
        assertThat(line(sent, EnvelopePrivacy.DOMAIN)).isEqualTo(exported);
    }

    @Test
    void fullModeExportsTheParameterAsSent() {
        String sent = "RCPT TO:<bob+tag@x.org> ORCPT=rfc822;bob+2Btag@x.org";
        assertThat(line(sent, EnvelopePrivacy.FULL)).isEqualTo(sent);
    }

    @Test
    @ResourceLock("io.smtptrace.agent.capture.EnvelopePrivacy.key")
    void anEncodedOriginalRecipientHashesLikeTheSameEnvelopeAddress() {
        String hashed = EnvelopePrivacy.HASH.apply(wire("bob+tag@x.org"));
        assertThat(line("RCPT TO:<a@x.org> ORCPT=rfc822;bob+2Btag@x.org", EnvelopePrivacy.HASH))
                .isEqualTo("RCPT TO:<" + EnvelopePrivacy.HASH.apply("a@x.org") + "> ORCPT=rfc822;" + hashed);
        String jurgen = EnvelopePrivacy.HASH.apply(wire("jürgen@x.org"));
        assertThat(line("RCPT TO:<a@x.org> ORCPT=utf-8;j\\x{FC}rgen@x.org", EnvelopePrivacy.HASH))
                .endsWith(";" + jurgen);
        assertThat(line("RCPT TO:<a@x.org> ORCPT=rfc822;a@x.org", EnvelopePrivacy.NONE))
                .isEqualTo("RCPT TO:<[redacted]> ORCPT=rfc822;[redacted]");
    }

    private static String wire(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "bob+2Btag|bob+tag",
        "a+20b+41|a bA",
        "+2b|+",
        "x+4|x+4",
        "x+4G|x+4G",
        "x+|x+",
        "\\x{41}\\x{0042}|AB",
        "\\x{}|\\x{}",
        "\\x{0000041}|\\x{0000041}",
        "\\x{41|\\x{41",
        "\\y{41}|\\y{41}",
        "\\x{4G}|\\x{4G}",
        "\\x{110000}|\\x{110000}",
    })
    void decode(String xtext, String decoded) {
        assertThat(DsnOriginalRecipient.decode(xtext)).isEqualTo(decoded);
    }

    @Test
    void decodedNonAsciiIsInTheWireForm() {
        assertThat(DsnOriginalRecipient.decode("j\\x{FC}")).isEqualTo(wire("jü"));
        assertThat(DsnOriginalRecipient.decode("\\x{10FFFF}")).isEqualTo(wire(new String(Character.toChars(0x10FFFF))));
        assertThat(DsnOriginalRecipient.decode("a+00\\x{0}")).isEqualTo("a\0\0");
        assertThat(DsnOriginalRecipient.decode("\\x{65E5}+E6")).isEqualTo(wire("日") + "\u00E6");
    }
}
