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
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            int start = at;
            while (start > copied && isLocalChar(text.charAt(start - 1))) {
                start--;
            }
            int end = at + 1;
            if (end < text.length() && text.charAt(end) == '[') {
                int close = text.indexOf(']', end);
                end = close < 0 ? end : close + 1; // address literal, e.g. [IPv6:2001:db8::1]
            } else {
                while (end < text.length() && isDomainChar(text.charAt(end))) {
                    end++;
                }
            }
            while (end > at + 1 && text.charAt(end - 1) == '.') {
                end--; // a sentence's full stop is not part of the domain
            }
            if (start == at || end == at + 1) {
                continue;
            }
            out.append(text, copied, start).append(form.apply(text.substring(start, end)));
            copied = end;
            at = end - 1;
        }
        return out.append(text, copied, text.length()).toString();
    }

    private static boolean isLocalChar(char c) {
        return Character.isLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.".indexOf(c) >= 0;
    }

    private static boolean isDomainChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-';
    }
}
