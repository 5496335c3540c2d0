package io.smtptrace.analyzer.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One command with its reply (or the greeting): the {@code smtp.exchange} event of the span contract. */
public final class Exchange {
    public static final String GREETING = "greeting";
    public static final String COMMAND = "command";
    public static final String AUTH_CONTINUATION = "auth_continuation";

    public int seq;
    public Instant time;
    /** greeting, command or auth_continuation */
    public String type = COMMAND;
    /** upper-case verb, "." for end of data; null for the greeting */
    public String verb;
    /** the command as sent, redacted (AUTH arguments dropped, 334 answers replaced, addresses per privacy) */
    public String line;
    public Integer replyCode;
    public String enhancedCode;
    public final List<String> replyLines = new ArrayList<>();
    public Double durationMs;
    /** why there is no reply: eof, not_awaited, or an exception class */
    public String replyError;
    public String replyErrorMessage;
    /** smtp.operation of the span that carried it (connect, send, check, close, command), when known */
    public String operation;

    public boolean isGreeting() {
        return GREETING.equals(type);
    }

    public boolean is(String v) {
        return v.equalsIgnoreCase(verb);
    }

    public boolean replied() {
        return replyCode != null;
    }

    public boolean positive() {
        return replyCode != null && replyCode < 400;
    }

    /** The reply as one line of text, e.g. {@code 530 5.7.0 Authentication required}. */
    public String replyText() {
        if (replyLines.isEmpty()) return replyCode == null ? "" : String.valueOf(replyCode);
        String last = replyLines.get(replyLines.size() - 1);
        // "250-..." -> "250 ...", without a regex (this runs for every reply a rule looks at)
        boolean continued = last.length() >= 4 && last.charAt(3) == '-' && isDigit(last.charAt(0)) && isDigit(last.charAt(1))
                && isDigit(last.charAt(2));
        return continued ? last.substring(0, 3) + " " + last.substring(4) : last;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** All reply lines joined, for matching on text. */
    public String replyAll() {
        return String.join(" ", replyLines);
    }

    /** Command as shown to a user: the greeting is shown as "(connect)". */
    public String shown() {
        return isGreeting() ? "(greeting)" : line != null ? line : verb;
    }

    @Override
    public String toString() {
        return seq + " " + shown() + " -> " + (replyCode != null ? replyText() : "(no reply: " + replyError + ")");
    }
}
