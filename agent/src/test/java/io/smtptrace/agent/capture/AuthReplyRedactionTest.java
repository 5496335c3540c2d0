package io.smtptrace.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AuthReplyRedactionTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void anEchoedCredentialIsReplacedAndTheExplanationKept() {
        String secret = Base64.getEncoder().encodeToString(b("pw-SECRET-1"));
        AuthReplyRedaction r = AuthReplyRedaction.of(b(secret));
        assertThat(r.redact("535 5.7.8 Error: authentication failed: " + secret))
                .isEqualTo("535 5.7.8 Error: authentication failed: [redacted]");
    }

    @Test
    void decodedPartsOfAnAuthPlainResponseAreEchoesToo() {
        String plain = Base64.getEncoder().encodeToString(b("\0bob@example.com\0hunter22"));
        AuthReplyRedaction r = AuthReplyRedaction.of(b("AUTH PLAIN " + plain));
        assertThat(r.redact("535 5.7.8 <bob@example.com> password hunter22 rejected"))
                .isEqualTo("535 5.7.8 <[redacted]> password [redacted] rejected");
    }

    @Test
    void blobsAreReplacedWordsAreNot() {
        AuthReplyRedaction r = AuthReplyRedaction.of(b("AUTH XOAUTH2"));
        String google = "534-5.7.9 Application-specific password required. Learn more at\n"
                + "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor d2e1a72fcca58-7b6ca8d4c6fsm1.12 - gsmtp";
        assertThat(r.redact(google)).isEqualTo(google);
        String blob = "eyJzdGF0dXMiOiI0MDAiLCJzY2hlbWVzIjoiQmVhcmVyIn0=";
        assertThat(r.redact("334 " + blob)).isEqualTo("334 [redacted]");
        assertThat(r.redact("535 credential dGhpc2lzYXNlY3JldHRva2Vu rejected"))
                .isEqualTo("535 credential [redacted] rejected");
        assertThat(AuthReplyRedaction.looksLikeBlob("Authentication")).isFalse();
        assertThat(AuthReplyRedaction.looksLikeBlob("AuthenticationFailure")).isFalse();
        assertThat(AuthReplyRedaction.looksLikeBlob("QmFzZTY0QmxvYlRva2Vu")).isTrue();
    }

    @Test
    void conversationRedactsRepliesToAuthAndContinuations() {
        java.util.List<Operation> out = new java.util.ArrayList<>();
        Conversation c = new Conversation(new ConnectionInfo("1", "lib", "1"), out::add, Clock.SYSTEM,
                EnvelopePrivacy.DOMAIN);
        c.markAttachedMidway();
        c.command(b("AUTH LOGIN"));
        c.reply(334, "334 VXNlcm5hbWU6", null);
        String user = Base64.getEncoder().encodeToString(b("bob-the-user"));
        c.command(b(user));
        c.reply(334, "334 UGFzc3dvcmQ6", null);
        String pw = Base64.getEncoder().encodeToString(b("pw-SECRET-1"));
        c.command(b(pw));
        c.reply(535, "535 5.7.8 Error: authentication failed: " + pw + " for bob-the-user", null);
        c.connectionClosed();
        String all = out.toString() + exchanges(out);
        assertThat(all).doesNotContain(pw).doesNotContain(user).doesNotContain("bob-the-user")
                .contains("535 5.7.8 Error: authentication failed: [redacted] for [redacted]");
    }

    @Test
    void theExceptionRepeatingTheFinalReplyIsRedactedToo() {
        java.util.List<Operation> out = new java.util.ArrayList<>();
        Conversation c = new Conversation(new ConnectionInfo("1", "lib", "1"), out::add, Clock.SYSTEM,
                EnvelopePrivacy.DOMAIN);
        c.operationEnter(OperationKind.CONNECT);
        c.connectStart("mx", 25, false);
        c.reply(220, "220 mx", null);
        String plain = Base64.getEncoder().encodeToString(b("\0bob\0hunter22"));
        c.command(b("AUTH PLAIN " + plain));
        String reply = "535 5.7.8 credentials " + plain + " (hunter22) rejected";
        c.reply(535, reply, null);
        c.operationExit(new java.io.IOException(reply));
        ErrorInfo e = out.get(0).thrown();
        assertThat(e.message).isEqualTo("535 5.7.8 credentials [redacted] ([redacted]) rejected");
    }

    /** The agent attached between the server's 334 and the client's answer: the answer is the first line it sees. */
    @Test
    void aCredentialLineSeenFirstAfterAnAttachIsRedacted() {
        java.util.List<Operation> out = new java.util.ArrayList<>();
        Conversation c = new Conversation(new ConnectionInfo("1", "lib", "1"), out::add, Clock.SYSTEM,
                EnvelopePrivacy.DOMAIN);
        c.markAttachedMidway();
        String pw = Base64.getEncoder().encodeToString(b("pw-SECRET-1"));
        c.command(b(pw));
        c.reply(235, "235 2.7.0 Authentication successful", null);
        c.command(b("QUIT"));
        c.reply(221, "221 bye", null);
        c.connectionClosed();
        String all = exchanges(out);
        assertThat(all).doesNotContain(pw).doesNotContain(pw.toUpperCase(java.util.Locale.ROOT))
                .contains("[redacted] -> 235 2.7.0 Authentication successful");
    }

    private static String exchanges(java.util.List<Operation> ops) {
        StringBuilder sb = new StringBuilder();
        for (Operation o : ops) {
            for (Exchange e : o.exchanges()) {
                sb.append(e.line).append(" -> ").append(e.rawReply).append('\n');
            }
        }
        return sb.toString();
    }

    @Test
    void tokensOfThreeOrMoreAreRememberedShorterOnesNot() {
        AuthReplyRedaction r = AuthReplyRedaction.of(b("ab abc"));
        assertThat(r.redact("535 ab abc abcd")).isEqualTo("535 ab [redacted] abcd");
        assertThat(r.redact(null)).isNull();
        assertThat(AuthReplyRedaction.redactBlobs(null)).isNull();
    }

    @Test
    void whitespaceAndPunctuationAroundAnEchoAreKept() {
        AuthReplyRedaction r = AuthReplyRedaction.of(b("AUTH PLAIN"), AuthReplyRedaction.of(b("sec")));
        assertThat(r.redact("535\t<sec>  (\"sec\"), [sec]; 'sec'. sec: sec\r\n () .."))
                .isEqualTo("535\t<[redacted]>  (\"[redacted]\"), [[redacted]]; '[redacted]'. [redacted]: [redacted]\r\n () ..");
        // the earlier step's tokens and this line's own
        assertThat(r.redact("PLAIN sec")).isEqualTo("[redacted] [redacted]");
        assertThat(AuthReplyRedaction.of(b("sec")).redact("sec")).isEqualTo("[redacted]");
        assertThat(AuthReplyRedaction.of(b("other")).redact("sec")).isEqualTo("sec");
    }

    @Test
    void echoesGluedToOtherTextByPunctuation() {
        AuthReplyRedaction r = AuthReplyRedaction.of(b("AUTH PLAIN " + java.util.Base64.getEncoder()
                .encodeToString(b("\0alice\0s3cret"))));
        assertThat(r.redact("535 user=alice:s3cret rejected (alice)"))
                .isEqualTo("535 user=[redacted]:[redacted] rejected ([redacted])");
        assertThat(r.redact("535 user=al pw=s3cretX")).isEqualTo("535 user=al pw=s3cretX");
        assertThat(r.redact("x=abc")).isEqualTo("x=abc");
        assertThat(AuthReplyRedaction.of(b("abc")).redact("x=abc ( ((")).isEqualTo("x=[redacted] ( ((");
    }

    @Test
    void paddedBase64EchoIsReplacedWhole() {
        String token = java.util.Base64.getEncoder().encodeToString(b("usr"));
        String padded = java.util.Base64.getEncoder().encodeToString(b("user"));
        assertThat(padded).endsWith("==");
        AuthReplyRedaction r = AuthReplyRedaction.of(b(padded));
        assertThat(r.redact("535 " + padded + " " + token)).isEqualTo("535 [redacted] " + token);
    }

    @Test
    void blobRuleBoundaries() {
        assertThat(AuthReplyRedaction.redactBlobs("250 QmFzZTY0QmxvYlRv ok QmFzZTY0QmxvYlR"))
                .isEqualTo("250 [redacted] ok QmFzZTY0QmxvYlR");
        assertThat(AuthReplyRedaction.looksLikeBlob("QmFzZTY0QmxvYlRv")).isTrue();
        // punctuation around a blob is trimmed before the rule looks at it
        assertThat(AuthReplyRedaction.redactBlobs("(<QmFzZTY0QmxvYlRv>). 'QmFzZTY0QmxvYlRv'"))
                .isEqualTo("(<[redacted]>). '[redacted]'");
        assertThat(AuthReplyRedaction.of(b("sec")).redact("sec. .sec")).isEqualTo("[redacted]. .sec");
        assertThat(AuthReplyRedaction.looksLikeBlob("QmFzZTY0QmxvYlR")).isFalse();
        assertThat(AuthReplyRedaction.looksLikeBlob("aaaaaaaaaaaaaaaa!")).isFalse();
        assertThat(AuthReplyRedaction.looksLikeBlob("aaaaaaaaaaaaaaaa")).isFalse();
        assertThat(AuthReplyRedaction.looksLikeBlob("aaaaaaaaaaaaaaa9")).isTrue();
        assertThat(AuthReplyRedaction.looksLikeBlob("aaaaaaaaaaaaaaa+")).isTrue();
        assertThat(AuthReplyRedaction.looksLikeBlob("aaaaaaaaaaaaaaa/")).isTrue();
        assertThat(AuthReplyRedaction.looksLikeBlob("aaaaaaaaaaaaaaa=")).isTrue();
        assertThat(AuthReplyRedaction.looksLikeBlob("Aaaaaaaaaaaaaaa0")).isTrue();
        assertThat(AuthReplyRedaction.looksLikeBlob("zzzzzzzzzzzzzzz9")).isTrue();
        assertThat(AuthReplyRedaction.looksLikeBlob("ZZZZZZZZZZZZZZZ9")).isTrue();
        assertThat(AuthReplyRedaction.looksLikeBlob("aaaaaaaaaaaaaaa@")).isFalse();
        assertThat(AuthReplyRedaction.looksLikeBlob("aaaaaaaaaaaaaaa`")).isFalse();
        assertThat(AuthReplyRedaction.looksLikeBlob("aaaaaaaaaaaaaaa{")).isFalse();
        assertThat(AuthReplyRedaction.looksLikeBlob("aaaaaaaaaaaaaaa[")).isFalse();
        assertThat(AuthReplyRedaction.looksLikeBlob("aaaaaaaaaaaaaaa:")).isFalse();
        // changes of case: 6 in 18 is a word, 7 in 18 a blob; a digit between letters is no change
        assertThat(AuthReplyRedaction.looksLikeBlob("aaaaaaaaaaaaBcDeFg")).isFalse();
        assertThat(AuthReplyRedaction.looksLikeBlob("aaaaaaaaaaaBcDeFgH")).isTrue();
        assertThat(AuthReplyRedaction.looksLikeBlob("Baaaaaaaaaaaacdefg")).isFalse();
        // words joined by - or _: a blob only with a special character and two digits
        assertThat(AuthReplyRedaction.looksLikeBlob("abc-def/ghi12jklm")).isTrue();
        assertThat(AuthReplyRedaction.looksLikeBlob("abc-def/ghi1jklmn")).isFalse();
        assertThat(AuthReplyRedaction.looksLikeBlob("abc_def/ghi12jklm")).isTrue();
        // a digit is special too
        assertThat(AuthReplyRedaction.looksLikeBlob("abc_def_ghi12jklm")).isTrue();
        assertThat(AuthReplyRedaction.looksLikeBlob("abc_def_ghijklmno")).isFalse();
        assertThat(AuthReplyRedaction.looksLikeBlob("abc-def-ghi1jklmn")).isFalse();
        assertThat(AuthReplyRedaction.looksLikeBlob("abc-def/ghi09jklm")).isTrue();
        assertThat(AuthReplyRedaction.looksLikeBlob("-bcdef/ghi1jklmn")).isFalse();
        assertThat(AuthReplyRedaction.looksLikeBlob("_bcdef/ghi1jklmn")).isFalse();
        assertThat(AuthReplyRedaction.looksLikeBlob("aBcDeFgHiJkLmNoP-")).isFalse();
    }

    @Test
    void oauthAndScramResponsesAreSplitIntoTheirValues() {
        String xoauth = java.util.Base64.getEncoder().encodeToString(b("user=bob@x.org\1auth=Bearer ya29tok\1\1"));
        AuthReplyRedaction r = AuthReplyRedaction.of(b("AUTH XOAUTH2 " + xoauth));
        assertThat(r.redact("535 bob@x.org ya29tok user=bob@x.org")).isEqualTo("535 [redacted] [redacted] [redacted]");
        String scram = java.util.Base64.getEncoder().encodeToString(b("n,,n=alice,r=nonce1"));
        AuthReplyRedaction s = AuthReplyRedaction.of(b(scram));
        assertThat(s.redact("535 alice nonce1 n=alice")).isEqualTo("535 [redacted] [redacted] [redacted]");
        // a non-ASCII secret, in a reply decoded either way
        byte[] utf8 = "AUTH X jürgen".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        AuthReplyRedaction u = AuthReplyRedaction.of(utf8);
        assertThat(u.redact("535 jürgen")).isEqualTo("535 [redacted]");
        assertThat(u.redact("535 " + new String("jürgen".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.ISO_8859_1))).isEqualTo("535 [redacted]");
    }
}
