package io.smtptrace.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated addresses and AUTH exchanges: no byte of a local part or a credential survives redaction.
 *
 * <p>Local parts and credentials are made only of {@link #SECRET} characters, which none of the texts around them,
 * none of the domains and none of the redacted forms ({@code ***}, {@code [redacted]}, {@code hmac:<hex>}) contain:
 * so "no byte survives" is checkable exactly — any of those bytes in an output is a leak. In {@code full} mode the
 * address is exported by design; the property there is that the text is exported exactly as sent.
 */
class RedactionPropertiesTest {

    static final String SECRET = "JKQZW!#$%&+?^`{|}~'üé日";
    /** Credentials: no base64 character, since the server's challenges (334 VXNlcm5hbWU6) are base64 and kept. */
    static final String AUTH_SECRET = "!#$%&?^`{|}~üé日";
    private static final String[] DOMAINS = {"example.org", "mx-1.example.net", "bücher.example"
            .replace('ü', 'ñ'), "例え.jp", "[192.0.2.1]", "[IPv6:2001:db8::1]", "a.b.c.d.example"};
    private static final String[] REPLIES = {
        "550 5.1.1 <%s>: Recipient address rejected: User unknown in local recipient table",
        "553 5.7.1 %s: Sender address rejected: not owned by user %s",
        "250 2.1.0 Ok %s",
        "554 5.7.1 <%s>... Relay access denied",
        "450-4.2.0 <%s>: Greylisted, see http://postgrey.example/\n450 4.2.0 <%s> try later",
        "com.sun.mail.smtp.SMTPAddressFailedException: 550 5.1.1 <%s> User unknown",
        "Invalid Addresses (%s, %s)",
        "mailbox %s, full.",
    };

    // ---- addresses ------------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<String> localParts() {
        Arbitrary<String> atom = Arbitraries.strings().withChars(SECRET.toCharArray()).ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> dotAtom = atom.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(".", l));
        Arbitrary<String> plus = Combinators.combine(atom, atom).as((a, b) -> a + "+" + b);
        Arbitrary<String> quoted = Arbitraries.strings().withChars((SECRET + " @\"\\").toCharArray()).ofMinLength(1)
                .ofMaxLength(10).map(RedactionPropertiesTest::quote);
        Arbitrary<String> mixed = Combinators.combine(atom, quoted).as((a, q) -> a + "." + q);
        return Arbitraries.oneOf(dotAtom, plus, quoted, mixed);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('"').toString();
    }

    @Provide
    Arbitrary<List<String>> addresses() {
        Arbitrary<String> address = Combinators.combine(localParts(), Arbitraries.of(DOMAINS))
                .as((l, d) -> l + "@" + d);
        return address.list().ofMinSize(1).ofMaxSize(3);
    }

    /** One reply or exception text with the addresses in it, bracketed or not, several per line. */
    private static String text(List<String> addresses, int template, boolean brackets) {
        String t = REPLIES[template % REPLIES.length];
        List<Object> args = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String a = addresses.get(i % addresses.size());
            args.add(brackets && !t.contains("<%s>") ? "<" + a + ">" : a);
        }
        String joined = String.join(", ", addresses);
        return String.format(t, args.toArray()) + (addresses.size() > 1 ? " rcpts: " + joined : "");
    }

    private static String wire(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** Output as the bytes it stands for: a wire-read (ISO-8859-1) string as is, a Java string as UTF-8. */
    private static void assertNoSecretByte(String output, boolean wireForm, String context) {
        assertNoSecretByte(output, wireForm, context, SECRET);
    }

    private static void assertNoSecretByte(String output, boolean wireForm, String context, String secretChars) {
        String SECRET = secretChars;
        byte[] out = wireForm ? output.getBytes(StandardCharsets.ISO_8859_1) : output.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < SECRET.length(); i++) {
            byte[] secret = String.valueOf(SECRET.charAt(i)).getBytes(StandardCharsets.UTF_8);
            assertThat(indexOf(out, secret)).as("%s leaks '%s' in: %s", context, SECRET.charAt(i), output).isLessThan(0);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // Random seed on every run (jqwik prints it, with the shrunk sample, when a property fails; put it in
    // @Property(seed = "...") to replay). A seed of 2026-11-30 found the escaped-quote leak that
    // AddressRedactionTest.anEscapedQuoteBeforeAnAtDoesNotCloseTheQuotedLocalPart now pins.

    @Property(tries = 300)
    void noLocalPartByteSurvivesInRepliesOrExceptions(@ForAll("addresses") List<String> addresses,
            @ForAll int template, @ForAll boolean brackets) {
        String text = text(addresses, Math.abs(template % REPLIES.length), brackets);
        for (EnvelopePrivacy p : new EnvelopePrivacy[] {EnvelopePrivacy.DOMAIN, EnvelopePrivacy.HASH,
                EnvelopePrivacy.NONE}) {
            assertNoSecretByte(p.redactAddresses(text), false, p.name());
            assertNoSecretByte(p.redactAddresses(wire(text)), true, p.name() + " (wire)");
        }
        assertThat(EnvelopePrivacy.FULL.redactAddresses(text)).isEqualTo(text);
    }

    @Property(tries = 300)
    void noLocalPartByteSurvivesInEnvelopeCommands(@ForAll("addresses") List<String> addresses,
            @ForAll boolean mail, @ForAll boolean brackets, @ForAll boolean xtext) {
        String a = addresses.get(0);
        String verb = mail ? "MAIL FROM:" : "RCPT TO:";
        String line = verb + (brackets ? "<" + a + ">" : a) + " NOTIFY=FAILURE ORCPT="
                + (xtext ? "utf-8;" + xtext(a) : "rfc822;" + a);
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        for (EnvelopePrivacy p : new EnvelopePrivacy[] {EnvelopePrivacy.DOMAIN, EnvelopePrivacy.HASH,
                EnvelopePrivacy.NONE}) {
            CommandLine c = CommandLine.parse(bytes, false, p);
            assertNoSecretByte(c.line, true, p.name() + " line");
            assertNoSecretByte(c.address, true, p.name() + " address");
        }
        CommandLine full = CommandLine.parse(bytes, false, EnvelopePrivacy.FULL);
        assertThat(full.line).isEqualTo(wire(line));
        if (brackets) {
            assertThat(full.address).isEqualTo(wire(a));
        }
    }

    /** RFC 3461 xtext: '+', '=', controls, space and every byte outside ASCII as +HH. */
    private static String xtext(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            b.append(c < 33 || c > 126 || c == '+' || c == '=' ? String.format("+%02X", c) : String.valueOf((char) c));
        }
        return b.toString();
    }

    // ---- AUTH -----------------------------------------------------------------------------------------------------

    enum Mechanism { PLAIN, PLAIN_IR, LOGIN, LOGIN_IR, CRAM_MD5, XOAUTH2, OAUTHBEARER, SCRAM_SHA_256, UNKNOWN }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** What the server may echo of what it was sent: tokens, decoded values, glued to punctuation. */
    private static String echo(String user, String secret, String sentLine, Random r) {
        String[] forms = {user, secret, sentLine, "<" + user + ">", "user=" + user, "(" + secret + ")",
            "'" + user + "':", user + ":" + secret, "\"" + secret + "\"."};
        return forms[r.nextInt(forms.length)] + " " + forms[r.nextInt(forms.length)];
    }

    @Property(tries = 300)
    void noCredentialByteSurvivesAnAuthExchange(@ForAll Mechanism mechanism,
            @ForAll("credentials") String user, @ForAll("credentials") String secret, @ForAll long seed,
            @ForAll boolean continuationLines, @ForAll boolean pipelined, @ForAll boolean thrown) {
        Random r = new Random(seed);
        List<Operation> out = new ArrayList<>();
        Conversation c = new Conversation(new ConnectionInfo("1", "lib", "1"), out::add, Clock.SYSTEM,
                EnvelopePrivacy.DOMAIN);
        c.operationEnter(OperationKind.CONNECT);
        c.connectStart("mx.example", 587, false);
        c.reply(220, "220 mx.example ESMTP", null);
        c.command(bytes("EHLO client.example"));
        c.reply(250, "250-mx.example\n250-PIPELINING\n250 AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2", null);
        List<String> sent = new ArrayList<>();
        if (pipelined) {
            // AUTH as the last command of a pipelined group (RFC 2920): the replies come after both lines
            c.command(bytes("RSET"));
        }
        switch (mechanism) {
            case PLAIN:
                step(c, "AUTH PLAIN", "334 ", sent);
                sent.add(b64("\0" + user + "\0" + secret));
                break;
            case PLAIN_IR:
                sent.add("AUTH PLAIN " + b64("\0" + user + "\0" + secret));
                break;
            case LOGIN:
                step(c, "AUTH LOGIN", "334 VXNlcm5hbWU6", sent);
                step(c, b64(user), "334 UGFzc3dvcmQ6", sent);
                sent.add(b64(secret));
                break;
            case LOGIN_IR:
                step(c, "AUTH LOGIN " + b64(user), "334 UGFzc3dvcmQ6", sent);
                sent.add(b64(secret));
                break;
            case CRAM_MD5:
                step(c, "AUTH CRAM-MD5", "334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UuZXhhbXBsZS5uZXQ+", sent);
                sent.add(b64(user + " " + secret));
                break;
            case XOAUTH2:
                sent.add("AUTH XOAUTH2 " + b64("user=" + user + "\1auth=Bearer " + secret + "\1\1"));
                break;
            case OAUTHBEARER:
                sent.add("AUTH OAUTHBEARER " + b64("n,a=" + user + ",\1auth=Bearer " + secret + "\1\1"));
                break;
            case SCRAM_SHA_256:
                step(c, "AUTH SCRAM-SHA-256 " + b64("n,,n=" + user + ",r=" + secret), "334 cj1meWtvK2QybGJiRmdPTlJ2OXFreGRhd0wzcmZjTkhZSlkxWlZ2V1ZzN2oscz1RU1hDUitRNnNlazhiZjkyLGk9NDA5Ng==", sent);
                sent.add(b64("c=biws,r=" + secret + ",p=" + secret));
                break;
            default:
                // a mechanism the agent does not know, its whole exchange as one line
                sent.add("X-SECRET-MECH " + user + " " + secret);
                break;
        }
        String last = sent.get(sent.size() - 1);
        c.command(bytes(last));
        String reply = "535" + (continuationLines ? "-5.7.8 " + echo(user, secret, last, r) + "\n535" : "")
                + " 5.7.8 Authentication failed for " + echo(user, secret, last, r);
        if (pipelined) {
            c.reply(250, "250 2.0.0 Ok", null);
        }
        c.reply(535, reply, null);
        c.operationExit(thrown ? new java.io.IOException(reply) : null);

        assertThat(out).isNotEmpty();
        for (Operation op : out) {
            for (Exchange ex : op.exchanges()) {
                String context = mechanism + " #" + ex.seq;
                for (String s : new String[] {ex.line, ex.rawReply, ex.replyErrorMessage()}) {
                    if (s != null) {
                        // a reply may be decoded as ISO-8859-1 or as UTF-8: look for the secret's bytes both ways
                        assertNoSecretByte(s, true, context, AUTH_SECRET);
                        assertNoSecretByte(s, false, context, AUTH_SECRET);
                        for (String line : sent) {
                            String[] words = line.split(" ");
                            if (!(words[0].equals("AUTH") && words.length == 2)) {
                                assertThat(s).as(context).doesNotContain(words[words.length - 1]);
                            }
                        }
                    }
                }
            }
            if (op.thrown() != null) {
                assertNoSecretByte(op.thrown().message, true, mechanism + " exception", AUTH_SECRET);
                assertNoSecretByte(op.thrown().rootMessage, true, mechanism + " exception cause", AUTH_SECRET);
            }
        }
    }

    @Provide
    Arbitrary<String> credentials() {
        // three or more characters: shorter tokens ("=", "*") appear in every reply and are not remembered
        return Arbitraries.strings().withChars(AUTH_SECRET.toCharArray()).ofMinLength(3).ofMaxLength(12);
    }

    private static void step(Conversation c, String line, String reply, List<String> sent) {
        sent.add(line);
        c.command(bytes(line));
        c.reply(334, reply, null);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
