package io.smtptrace.agent.capture;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** One (possibly multi-line) SMTP reply: code, enhanced status code (RFC 3463) and the raw lines. */
public final class Reply {

    public final int code;
    /** e.g. "5.7.0", or null when the server sent none. */
    public final String enhancedCode;
    public final List<String> lines;

    private Reply(int code, String enhancedCode, List<String> lines) {
        this.code = code;
        this.enhancedCode = enhancedCode;
        this.lines = lines;
    }

    /**
     * Replies seen recently, by their raw text: a server answers each message with the same few replies, and a
     * Reply is immutable. Replies holding an address ('@') are not kept. Cleared when full.
     */
    private static final ConcurrentHashMap<String, Reply> RECENT = new ConcurrentHashMap<>();
    private static final int RECENT_MAX = 256;

    /** {@link #parse}, answered from the replies seen recently when this one is among them. */
    public static Reply parseCached(int code, String raw) {
        if (raw == null) {
            return parse(code, null);
        }
        Reply r = RECENT.get(raw);
        if (r != null && r.code == code) {
            return r;
        }
        r = parse(code, raw);
        if (raw.length() <= 512 && raw.indexOf('@') < 0) {
            if (RECENT.size() >= RECENT_MAX) {
                RECENT.clear();
            }
            RECENT.put(raw, r);
        }
        return r;
    }

    /** Parses JavaMail's lastServerResponse: the reply lines, each followed by '\n'. */
    public static Reply parse(int code, String raw) {
        List<String> lines;
        int len = raw == null ? 0 : raw.length();
        int nl = len == 0 ? -1 : raw.indexOf('\n');
        if (len == 0) {
            lines = List.of();
        } else if (nl < 0 || nl == len - 1) {
            // PIT: Math (len + 1) here is equivalent: the general loop below gives the same single line
            // most replies are one line: an immutable one-element list, no list, array and wrapper
            lines = List.of(line(raw, 0, nl < 0 ? len : nl));
        } else {
            List<String> l = new ArrayList<>(4);
            int start = 0;
            while (start < len) {
                int n = raw.indexOf('\n', start);
                int end = n < 0 ? len : n;
                l.add(line(raw, start, end));
                start = end + 1;
            }
            lines = Collections.unmodifiableList(l);
        }
        String enhanced = null;
        if (!lines.isEmpty() && code >= 200) {
            enhanced = enhancedCode(lines.get(lines.size() - 1), code);
        }
        return new Reply(code, enhanced, lines);
    }

    /** raw[start, end) without a trailing CR. */
    private static String line(String raw, int start, int end) {
        if (end > start && raw.charAt(end - 1) == '\r') {
            end--;
        }
        return raw.substring(start, end);
    }

    /** The enhanced code after "NNN " or "NNN-" when its class digit matches the reply's (RFC 3463 section 2). */
    static String enhancedCode(String line, int code) {
        if (line.length() < 9) {
            return null;
        }
        int i = 4;
        char cls = line.charAt(i);
        if (cls != (char) ('0' + code / 100) || line.charAt(i + 1) != '.') {
            return null;
        }
        int j = i + 2;
        int dots = 0;
        int digitsInPart = 0;
        while (j < line.length()) {
            char c = line.charAt(j);
            if (c >= '0' && c <= '9') {
                digitsInPart++;
                if (digitsInPart > 3) {
                    return null;
                }
            } else if (c == '.' && digitsInPart > 0 && dots == 0) {
                dots++;
                digitsInPart = 0;
            } else {
                break;
            }
            j++;
        }
        if (dots != 1 || digitsInPart == 0) {
            return null;
        }
        if (j < line.length() && line.charAt(j) != ' ') {
            return null;
        }
        for (String c : COMMON_CODES) {
            // PIT: Math (j + i) here is equivalent: no shared constant matches, and the substring below is equal
            if (c.length() == j - i && line.startsWith(c, i)) {
                return c;
            }
        }
        return line.substring(i, j);
    }

    private static final String[] COMMON_CODES = {"2.0.0", "2.1.0", "2.1.5", "2.6.0", "2.7.0", "3.0.0", "4.2.0",
            "4.3.0", "4.4.1", "4.4.2", "4.7.0", "4.7.1", "5.0.0", "5.1.1", "5.1.0", "5.2.1", "5.3.4", "5.5.1", "5.7.0",
            "5.7.1", "5.7.8"};
}
