package io.smtptrace.contract;

/**
 * Finds every e-mail address inside free text (server replies repeat the envelope, exceptions repeat replies) and
 * hands each to a {@link Form}: the agent's envelope privacy setting, or the analyzer's default form for debug logs.
 * The one implementation both sides use, so a trace and a debug log of the same conversation read alike.
 */
public final class AddressRedaction {

    /** How one address (without angle brackets) is shown. */
    public interface Form {
        String apply(String address);
    }

    /** {@code ***@example.com}: the agent's default; no mailbox names, domains kept. */
    public static final Form DOMAIN_ONLY = new Form() {
        @Override
        public String apply(String address) {
            int at = address.lastIndexOf('@');
            return at >= 0 ? "***@" + address.substring(at + 1) : "***";
        }
    };

    private AddressRedaction() {
    }

    /** The text with every {@code local@domain} (or {@code local@[literal]}) replaced by {@code form.apply}. */
    public static String redact(String text, Form form) {
        if (text == null || text.indexOf('@') == -1) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        for (int at = text.indexOf('@'); at != -1; at = text.indexOf('@', at + 1)) {
            int start = at;
            // a quoted local part ("john doe"@example.com) may hold spaces and '@': if this '@' is inside quotes (an
            // odd number of unescaped quotes since the last address) and a quote closes them right before an '@',
            // the address starts at the opening quote and its '@' is the one after the closing quote. A quoted
            // phrase that merely precedes an address ("hi a@b" and "x"@y) is redacted whole: more, never less.
            boolean inside = false;
            int open = -1;
            for (int i = copied; i != at; i++) {
                if (text.charAt(i) == '"' && !escaped(text, i, copied)) {
                    inside = !inside;
                    open = i;
                }
            }
            int quoteEnd = inside ? closingQuoteBeforeAt(text, at) : -1;
            if (quoteEnd != -1) {
                at = quoteEnd + 1;
                start = open;
            }
            while (start > copied) {
                char c = text.charAt(start - 1);
                if (c == '"') {
                    // a quoted part ("a b".c@): back to its opening quote; a lone quote counts as a local char
                    int o = openingQuote(text, start - 1, copied);
                    start = o < 0 ? start - 1 : o;
                } else if (isLocalChar(c)) {
                    start--;
                } else {
                    break;
                }
            }
            int end = at + 1;
            if (end < text.length() && text.charAt(end) == '[') {
                int close = text.indexOf(']', end);
                end = close == -1 ? end : close + 1; // address literal, e.g. [IPv6:2001:db8::1]
            } else {
                while (end < text.length() && isDomainChar(text.charAt(end))) {
                    end++;
                }
            }
            while (text.charAt(end - 1) == '.') {
                end--; // a sentence's full stop is not part of the domain (the '@' before it stops the loop)
            }
            if (start == at) {
                continue; // no local part, nothing to hide ("@example.com")
            }
            // no domain ("bob@", "bob@[unclosed"): the local part still goes
            out.append(text, copied, start).append(form.apply(text.substring(start, end)));
            copied = end;
            at = end - 1;
        }
        return out.append(text, copied, text.length()).toString();
    }

    /**
     * The first unescaped quote at or after {@code from} that an '@' follows; or -1. An escaped one ({@code \"@}, as
     * in {@code "a@\"@b"@x}) is inside the quoted local part: taking it for the end exported the rest ("b") as the
     * domain.
     */
    private static int closingQuoteBeforeAt(String text, int from) {
        for (int q = text.indexOf("\"@", from); q != -1; q = text.indexOf("\"@", q + 1)) {
            if (!escaped(text, q, from)) {
                return q;
            }
        }
        return -1;
    }

    /** The nearest unescaped quote before {@code close}, not before {@code floor}; or -1 (also for close -1). */
    private static int openingQuote(String text, int close, int floor) {
        for (int i = close - 1; i >= floor; i--) {
            if (text.charAt(i) == '"' && !escaped(text, i, floor)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean escaped(String text, int i, int floor) {
        int backslashes = 0;
        while (i - backslashes - 1 >= floor && text.charAt(i - backslashes - 1) == '\\') {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /**
     * Any non-ASCII character counts: SMTPUTF8 local parts (jürgen@), and the agent reads the wire as ISO-8859-1, so
     * one UTF-8 character arrives as two or three chars, some not letters (ü as "Ã¼").
     */
    private static boolean isLocalChar(char c) {
        return c >= 0x80 || Character.isLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.".indexOf(c) >= 0;
    }

    private static boolean isDomainChar(char c) {
        return c >= 0x80 || Character.isLetterOrDigit(c) || c == '.' || c == '-';
    }
}
