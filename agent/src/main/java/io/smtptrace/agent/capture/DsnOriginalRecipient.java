package io.smtptrace.agent.capture;

import java.nio.charset.StandardCharsets;

/**
 * The ORCPT parameter of a MAIL/RCPT line (DSN, RFC 3461): {@code ORCPT=rfc822;bob+2Btag@example.org}. Its value is
 * an address in xtext ({@code +2B} for '+') or utf-8-addr-xtext (RFC 6533, {@code \x{FC}} for ü), so the free-text
 * scan cannot be trusted with it (a backslash ends a local part there and left "j\" of {@code j\x{FC}rgen@} in the
 * export): the value goes whole through the privacy form, decoded first, so it reads and hashes like the same
 * address in {@code RCPT TO:<...>}.
 */
final class DsnOriginalRecipient {

    private static final String KEY = " ORCPT=";

    private DsnOriginalRecipient() {
    }

    /** The parameters after the address, ORCPT's value redacted whole and any other address like free text. */
    static String redactParameters(String params, EnvelopePrivacy privacy) {
        int key = indexOfIgnoreCase(params, KEY);
        if (key == -1 || privacy == EnvelopePrivacy.FULL) {
            return privacy.redactAddresses(params);
        }
        int from = key + KEY.length();
        // up to the next space outside quotes: a client may send a quoted local part ("a b"@x) unencoded
        int space = CommandLine.closing(params, from - 1, ' ');
        int end = space == -1 ? params.length() : space;
        // "rfc822;" / "utf-8;" names the address type (an atom, no ';'): kept. Without one the value is the address.
        int start = from + params.substring(from, end).indexOf(';') + 1;
        return privacy.redactAddresses(params.substring(0, start)) + privacy.apply(decode(params.substring(start, end)))
                + privacy.redactAddresses(params.substring(end));
    }

    /** Where {@code key} (which starts with a space) begins in {@code s}, any case; or -1. */
    private static int indexOfIgnoreCase(String s, String key) {
        for (int i = s.indexOf(' '); i != -1; i = s.indexOf(' ', i + 1)) {
            if (s.regionMatches(true, i, key, 0, key.length())) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@code +HH} and {@code \x{HEX}} decoded into the form the agent reads the wire in (ISO-8859-1 chars of the UTF-8
     * bytes); anything malformed kept as is (still redacted: the whole value is one address).
     */
    static String decode(String xtext) {
        StringBuilder out = new StringBuilder(xtext.length());
        for (int i = 0; i < xtext.length(); i++) {
            char c = xtext.charAt(i);
            int close = c == '\\' && xtext.startsWith("x{", i + 1) ? xtext.indexOf('}', i) : -1;
            int codePoint = close == -1 ? -1 : hex(xtext, i + 3, close);
            int octet = c == '+' ? hex(xtext, i + 1, i + 3) : -1;
            if (octet >= 0) {
                out.append((char) octet);
                i += 2;
            } else if (codePoint >= 0) {
                out.append(new String(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8),
                        StandardCharsets.ISO_8859_1));
                i = close;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The hex number in [from, to), at most 6 digits and a valid code point; or -1. */
    private static int hex(String s, int from, int to) {
        if (to > s.length() || to - from > 6 || to == from) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                return -1;
            }
            value = value * 16 + d;
        }
        return value <= Character.MAX_CODE_POINT ? value : -1;
    }
}
