package io.smtptrace.agent.capture;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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

    /** Parses JavaMail's lastServerResponse: the reply lines, each followed by '\n'. */
    public static Reply parse(int code, String raw) {
        List<String> lines = new ArrayList<>(2);
        if (raw != null) {
            int start = 0;
            int len = raw.length();
            while (start < len) {
                int nl = raw.indexOf('\n', start);
                int end = nl < 0 ? len : nl;
                int e = end;
                if (e > start && raw.charAt(e - 1) == '\r') {
                    e--;
                }
                lines.add(raw.substring(start, e));
                start = end + 1;
            }
        }
        String enhanced = null;
        if (!lines.isEmpty() && code >= 200) {
            enhanced = enhancedCode(lines.get(lines.size() - 1), code);
        }
        return new Reply(code, enhanced, Collections.unmodifiableList(lines));
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
        return line.substring(i, j);
    }
}
