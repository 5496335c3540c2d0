package io.smtptrace.agent.capture;

import io.smtptrace.contract.SmtpValues;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A client line as it may be exported: the verb, the redacted line, and for MAIL/RCPT the redacted address.
 * Redaction happens here, on capture, so secrets are never held by the agent.
 */
public final class CommandLine {

    public static final String AUTH_MARKER = SmtpValues.REDACTED;

    public final String verb;
    public final String line;
    /** Redacted envelope address for MAIL FROM / RCPT TO, else null. */
    public final String address;

    private static final CommandLine CHALLENGE_ANSWER = new CommandLine(null, AUTH_MARKER, null);
    /** Lines sent as is with every message: parsed once, shared (a CommandLine is immutable). */
    private static final CommandLine[] FIXED = {fixed("DATA"), fixed("."), fixed("RSET"), fixed("NOOP"),
            fixed("QUIT")};
    /**
     * The SMTP verbs whose lines are exported (addresses in them redacted like the envelope). Any other client line
     * is exported as {@link #AUTH_MARKER} with no verb: after an attach between a 334 and its answer, or with a
     * mechanism the agent does not know, a credential is exactly such a line.
     */
    private static final String[] VERBS = {"MAIL", "RCPT", "DATA", "BDAT", "EHLO", "HELO", "AUTH", "STARTTLS",
            "RSET", "NOOP", "QUIT", "VRFY", "EXPN", "HELP", "ETRN", "LHLO", "TURN", "ATRN", "XCLIENT", "XFORWARD"};

    private static CommandLine fixed(String line) {
        return new CommandLine(line, line, null);
    }

    private CommandLine(String verb, String line, String address) {
        this.verb = verb;
        this.line = line;
        this.address = address;
    }

    /**
     * @param afterChallenge the last reply was 334, so this line answers an AUTH challenge and is a secret
     */
    public static CommandLine parse(byte[] bytes, boolean afterChallenge, EnvelopePrivacy privacy) {
        if (afterChallenge) {
            return CHALLENGE_ANSWER;
        }
        for (CommandLine f : FIXED) {
            if (sameAscii(bytes, f.line)) {
                return f;
            }
        }
        // ISO-8859-1: each byte one char, as before; a compact string from one copy
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        int sp = raw.indexOf(' ');
        String verb = verb(raw, sp == -1 ? raw.length() : sp);
        if (verb == null) {
            return CHALLENGE_ANSWER;
        }
        if (verb.equals("AUTH")) {
            // keep "AUTH <MECH>", drop any initial response: it holds credentials for PLAIN, XOAUTH2, ...
            String rest = sp == -1 ? "" : raw.substring(sp + 1).trim();
            int sp2 = rest.indexOf(' ');
            String mech = sp2 == -1 ? rest : rest.substring(0, sp2);
            return new CommandLine(verb, mech.isEmpty() ? "AUTH" : "AUTH " + mech.toUpperCase(Locale.ROOT), null);
        }
        if (verb.equals("MAIL") || verb.equals("RCPT")) {
            int lt = raw.indexOf('<');
            int gt = lt == -1 ? -1 : closing(raw, lt, '>');
            if (gt != -1) {
                String addr = privacy.apply(raw.substring(lt + 1, gt));
                // the parameters may repeat the address (DSN's ORCPT=rfc822;bob@example.com)
                return new CommandLine(verb, privacy.redactAddresses(raw.substring(0, lt + 1)) + addr
                        + DsnOriginalRecipient.redactParameters(raw.substring(gt), privacy), addr);
            }
            int colon = raw.indexOf(':');
            if (colon != -1) {
                // unbracketed address: redact up to the next space
                String after = raw.substring(colon + 1).trim();
                int end = closing(after, -1, ' ');
                String addr = privacy.apply(end == -1 ? after : after.substring(0, end));
                return new CommandLine(verb, privacy.redactAddresses(raw.substring(0, colon + 1)) + addr
                        + (end == -1 ? "" : DsnOriginalRecipient.redactParameters(after.substring(end), privacy)), addr);
            }
        }
        return new CommandLine(verb, sp == -1 ? raw : privacy.redactAddresses(raw), null);
    }

    /** This line was replaced by {@link #AUTH_MARKER}: a secret, or what may be one. */
    public boolean redacted() {
        return verb == null;
    }

    /** The first {@code stop} after {@code from} outside a quoted local part ({@code <"a>b"@x>}); or -1. */
    static int closing(String raw, int from, char stop) {
        boolean quoted = false;
        for (int i = from + 1; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == stop && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static boolean sameAscii(byte[] b, String s) {
        if (b.length != s.length()) {
            return false;
        }
        for (int i = 0; i < b.length; i++) {
            if (b[i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String verb(String raw, int end) {
        for (String v : VERBS) {
            if (v.length() == end && raw.regionMatches(true, 0, v, 0, end)) {
                return v;
            }
        }
        return null;
    }
}
