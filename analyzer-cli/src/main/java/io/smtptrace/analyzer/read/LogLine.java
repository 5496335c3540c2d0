package io.smtptrace.analyzer.read;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits one line of a log into prefix (time, thread, level, logger) and payload, for the formats JavaMail output
 * really shows up in: raw {@code mail.debug} lines, java.util.logging's two-line SimpleFormatter, and
 * SLF4J/logback/log4j-style single-line patterns.
 */
final class LogLine {
    enum Kind {
        /** a protocol trace line: a command, a reply, or a message body line (logger *.protocol / LogOutputStream) */
        PROTOCOL,
        /** an unprefixed line that may be a protocol line (raw mail.debug output) or anything else */
        RAW,
        /** JavaMail's own debug message ("DEBUG SMTP: ..." or the smtp logger) */
        MAIL_DEBUG,
        /** "DEBUG: ..." lines of the mail Session */
        GENERIC,
        /** an application line or a continuation line (stack trace): only scanned for exceptions */
        APP,
        /** a JUL header line: nothing to process */
        HEADER
    }

    Kind kind;
    String payload;
    Instant time;
    String thread = "";
    /** what a wrapper's prefix named (container, pod, syslog tag), "" when nothing did */
    String stream = "";
    String logger;
    /** a timestamp followed by another line header: the line is wrapped, and what this parse made of it is a guess */
    boolean nested;
    /** the line's own text came out of a wrapper (a learned prefix, a structured record): no prefix says "app line" */
    boolean unwrapped;

    /** package-private: LogLineFastPathsTest checks {@link #mayBeJulHeader}'s shortcut against it */
    static final Pattern JUL_HEADER = Pattern.compile(
            "^([A-Z][a-z]{2,8}\\.? \\d{1,2}, \\d{4},? \\d{1,2}:\\d{2}:\\d{2}(?: ?[AaPp]\\.? ?[Mm]\\.?)?|\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?)"
                    + " ((?:[\\w$]+\\.)*[\\w$]+)(?: ([\\w$<>]+))?$");
    static final Pattern JUL_LEVEL = Pattern.compile("^(SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST|[A-Z]{3,10}): ?(.*)$");
    static final Pattern TS_PREFIX = Pattern.compile(
            "^\\[?(\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d{1,9})?)(Z|[+-]\\d{2}:?\\d{2})?\\]?\\s+(.*)$");
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL", "SEVERE",
            "FINE", "FINER", "FINEST", "CONFIG");
    private static final Pattern APP_EXCEPTION_LINE = Pattern.compile("^(?:[a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)(?::.*)?$");
    private static final Pattern SPLIT_LOGGER_COLON = Pattern.compile("^((?:\\[[^\\]]*\\]\\s*|\\S+\\s+){0,4}?)((?:[\\w$]+\\.)+[\\w$]+):\\s(.*)$");
    private static final Pattern SPLIT_LOGGER_KNOWN = Pattern.compile("^(.*?)\\b((?:com\\.sun\\.mail|org\\.eclipse\\.angus\\.mail|javax\\.mail|jakarta\\.mail)[\\w.$]*)\\s(.*)$");
    private static final Pattern WS = Pattern.compile("\\s+");
    private static final Pattern DOTS = Pattern.compile("\\.");
    private static final Pattern AM_PM = Pattern.compile("(?i)\\s?([ap])m$");
    private static final DateTimeFormatter JUL_TIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("MMM d, yyyy h:mm:ss a").toFormatter(Locale.US);

    /** State carried between lines (JUL's two-line records). */
    static final class Context {
        String julSource;
        Instant julTime;
        boolean julRecordOpen;
        String julContinuationSource;
        /** thread of the last single-line-pattern record: unprefixed lines after it are its continuation */
        String lastThread;
        /** the last timestamp text parsed and its value: consecutive lines mostly repeat it */
        String lastTimeText;
        Instant lastTime;
        /**
         * JUL header lines seen, with their {source, time text}: JUL repeats the same few header lines (one per source
         * method and second), so the header pattern runs once per distinct line. Bounded: cleared when full.
         */
        final java.util.HashMap<String, String[]> headers = new java.util.HashMap<>();

        /** Back to the state of a new context (the caches stay: they hold what a line parses to, whatever came before). */
        void clear() {
            julSource = null;
            julTime = null;
            julRecordOpen = false;
            julContinuationSource = null;
            lastThread = null;
        }

        /** The state that decides how later lines parse (the caches of times and headers are left out). */
        String stateKey() {
            return julSource + "\u0001" + julTime + "\u0001" + julRecordOpen + "\u0001" + julContinuationSource + "\u0001" + lastThread;
        }

        Instant time(String text) {
            if (!text.equals(lastTimeText)) {
                lastTime = parseTime(text);
                lastTimeText = text;
            }
            return lastTime;
        }
    }

    /** Cheap test before the JUL header pattern: it starts with a month name or a digit. */
    private static boolean mayBeJulHeader(String line) {
        // PIT: a mutant in this shortcut that answers true more often is equivalent: JUL_HEADER decides (a header has >= 21 characters, <= 7 spaces)
        if (line.length() < 12) return false;
        char c = line.charAt(0);
        if (c >= '0' && c <= '9' ? line.charAt(4) != '-' : !(c >= 'A' && c <= 'Z' && line.charAt(1) >= 'a' && line.charAt(1) <= 'z')) {
            return false;
        }
        // a header has no '[' and only a few spaces: date, time, am/pm, source class, method
        int spaces = 0;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '[' || ch == ' ' && ++spaces > 8) return false;
        }
        return true;
    }

    static final String[] TS_FALLBACK = new String[0];

    /**
     * {@link #TS_PREFIX} without the regex engine for the usual lines: {timestamp, zone or null, rest}, null when the
     * line does not match, {@link #TS_FALLBACK} when only the pattern itself can tell.
     */
    static String[] tsPrefix(String line) {
        int n = line.length();
        int i = n > 0 && line.charAt(0) == '[' ? 1 : 0;
        int s = i;
        // PIT: null instead of TS_FALLBACK in this method, and the boundaries of its length checks, are equivalent: TS_PREFIX matches none of those lines (no blank after the time, a 10th fraction digit, a bad zone, a line break)
        if (i + 19 > n || !digits(line, i, 4) || line.charAt(i + 4) != '-' || !digits(line, i + 5, 2) || line.charAt(i + 7) != '-'
                || !digits(line, i + 8, 2) || line.charAt(i + 10) != 'T' && line.charAt(i + 10) != ' ' || !digits(line, i + 11, 2)
                || line.charAt(i + 13) != ':' || !digits(line, i + 14, 2) || line.charAt(i + 16) != ':' || !digits(line, i + 17, 2)) {
            return null;
        }
        i += 19;
        if (i + 1 < n && (line.charAt(i) == '.' || line.charAt(i) == ',') && isDigit(line.charAt(i + 1))) {
            int j = i + 1;
            while (j < n && j - (i + 1) < 9 && isDigit(line.charAt(j))) j++;
            if (j < n && isDigit(line.charAt(j))) return TS_FALLBACK;
            i = j;
        }
        String time = line.substring(s, i);
        String zone = null;
        if (i < n && line.charAt(i) == 'Z') {
            zone = "Z";
            i++;
        } else if (i < n && (line.charAt(i) == '+' || line.charAt(i) == '-')) {
            if (i + 6 <= n && digits(line, i + 1, 2) && line.charAt(i + 3) == ':' && digits(line, i + 4, 2)) {
                zone = line.substring(i, i + 6);
                i += 6;
            } else if (i + 5 <= n && digits(line, i + 1, 4)) {
                zone = line.substring(i, i + 5);
                i += 5;
            } else {
                return TS_FALLBACK;
            }
        }
        if (i < n && line.charAt(i) == ']') i++;
        if (i >= n || !isRegexSpace(line.charAt(i))) return TS_FALLBACK;
        while (i < n && isRegexSpace(line.charAt(i))) i++;
        for (int k = i; k < n; k++) {
            char ch = line.charAt(k);
            if (ch == '\r' || ch == '\n' || ch == '\u0085' || ch == '\u2028' || ch == '\u2029') return TS_FALLBACK;
        }
        return new String[] {time, zone, line.substring(i)};
    }

    private static boolean digits(String s, int from, int count) {
        for (int i = from; i < from + count; i++) if (!isDigit(s.charAt(i))) return false;
        return true;
    }

    /**
     * Whether another line header (a "2026-11-30 10:00:01" timestamp or java.util.logging's "Nov 30, 2026") starts in
     * the first three fields of the text after a timestamp: then that timestamp was a wrapper's (kubectl, CRI).
     */
    static boolean headerSoon(String s) {
        int n = s.length();
        int i = 0;
        for (int field = 0; field < 3 && i < n; field++) {
            if (i + 19 <= n && isDigit(s.charAt(i)) && s.charAt(i + 4) == '-' && isDigit(s.charAt(i + 5)) && s.charAt(i + 7) == '-') return true;
            if (i + 12 <= n && s.charAt(i) >= 'A' && s.charAt(i) <= 'Z' && s.charAt(i + 1) >= 'a' && s.charAt(i + 1) <= 'z') {
                int sp = s.indexOf(' ', i);
                int comma = sp < 0 ? -1 : s.indexOf(", ", sp);
                if (sp > 0 && sp - i <= 10 && comma > sp && comma - sp <= 3 && comma + 6 <= n && isDigit(s.charAt(comma + 2))
                        && isDigit(s.charAt(comma + 5))) {
                    return true;
                }
            }
            int sp = s.indexOf(' ', i);
            if (sp < 0) return false;
            i = sp + 1;
        }
        return false;
    }

    /** Cheap test before the single-line timestamp pattern: "[2026-" or "2026-". */
    private static boolean mayBeTimestamped(String line) {
        int i = line.startsWith("[") ? 1 : 0;
        // PIT: true or a boundary here is equivalent: tsPrefix checks every character itself
        return line.length() >= i + 19 && isDigit(line.charAt(i)) && line.charAt(i + 4) == '-';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A structured log's record: the logger (and level) it names decide what the message is. */
    static LogLine record(String payload, String logger, String level, Instant time, String stream) {
        LogLine l = new LogLine();
        l.time = time;
        l.logger = logger;
        l.payload = payload;
        l.thread = stream;
        l.stream = stream;
        l.kind = classifyLogger(logger, payload, l, level == null ? null : level.toUpperCase(Locale.ROOT));
        return l;
    }

    /** A further line of a structured record (a stack trace): only scanned for exceptions. */
    static LogLine continuation(String payload, String stream, Instant time) {
        LogLine l = new LogLine();
        l.kind = Kind.APP;
        l.payload = payload;
        l.thread = stream;
        l.stream = stream;
        l.time = time;
        return l;
    }

    static LogLine parse(String line, Context ctx) {
        LogLine l = new LogLine();
        // 1. JUL SimpleFormatter: header "Nov 29, 2026 4:10:01 AM com.sun.mail.smtp.SMTPTransport readServerResponse"
        boolean header = mayBeJulHeader(line);
        // PIT: mutants of this cache (lookup, bound, clear) are equivalent: a miss runs JUL_HEADER, which gives what was cached
        String[] known = header ? ctx.headers.get(line) : null; // same text, same match as last time
        if (known == null && header) {
            Matcher h = JUL_HEADER.matcher(line);
            if (h.matches()) {
                known = new String[] {h.group(2), h.group(1)};
                if (ctx.headers.size() >= 4096) ctx.headers.clear();
                ctx.headers.put(line, known);
            }
        }
        if (known != null) {
            ctx.julSource = known[0];
            ctx.julTime = ctx.time(known[1]);
            l.kind = Kind.HEADER;
            return l;
        }
        if (ctx.julSource != null) {
            String[] lv = julLevel(line);
            if (lv != null) {
                String src = ctx.julSource;
                ctx.julContinuationSource = src;
                ctx.julSource = null;
                l.time = ctx.julTime;
                l.logger = src;
                l.payload = lv[1];
                l.kind = classifyLogger(src, l.payload, l, lv[0]);
                return l;
            }
            ctx.julSource = null;
        }
        // 2. single-line logger patterns with a leading timestamp
        String[] ts = mayBeTimestamped(line) ? tsPrefix(line) : null;
        if (ts == TS_FALLBACK) {
            Matcher m = TS_PREFIX.matcher(line);
            ts = m.matches() ? new String[] {m.group(1), m.group(2), m.group(3)} : null;
        }
        if (ts != null) {
            ctx.julContinuationSource = null;
            l.time = ctx.time(ts[1] == null ? ts[0] : ts[0] + ts[1]);
            // a second timestamp or a JUL header right after the first: a wrapper's time in front of a logger's line
            l.nested = headerSoon(ts[2]);
            splitLoggerPrefix(ts[2], l);
            ctx.lastThread = l.thread;
            return l;
        }
        // 3. unprefixed
        l.payload = line;
        if (line.startsWith("DEBUG SMTP: ")) {
            l.payload = line.substring(12);
            l.kind = Kind.MAIL_DEBUG;
        } else if (line.startsWith("DEBUG SMTP:")) {
            l.payload = line.substring(11).trim();
            l.kind = Kind.MAIL_DEBUG;
        } else if (line.startsWith("DEBUG: ")) {
            l.payload = line.substring(7);
            l.kind = Kind.GENERIC;
        } else if (ctx.julContinuationSource != null) {
            l.kind = Kind.APP; // a continuation of the previous JUL record (stack trace, multi-line message)
        } else if (ctx.lastThread != null && !ctx.lastThread.isEmpty() && (line.startsWith("\t") || line.startsWith("Caused by:")
                || line.startsWith(" ") || (line.contains("Exception") || line.contains("Error")) && APP_EXCEPTION_LINE.matcher(line).matches())) {
            l.kind = Kind.APP; // stack trace of the previous record: same thread
            l.thread = ctx.lastThread;
        } else {
            l.kind = Kind.RAW;
        }
        return l;
    }

    /**
     * {@link #JUL_LEVEL} without the regex engine: {level, message} or null. Every alternative of the level group is
     * an upper-case run of 3 to 10 letters, so the run before the first ':' decides; the pattern itself only when the
     * message holds a character {@code .} does not match.
     */
    static String[] julLevel(String line) {
        int n = line.length();
        int i = 0;
        // PIT: i < 10 here is equivalent: the run is then 10 long and the check of its end (':') gives the same answer
        while (i < n && i <= 10 && line.charAt(i) >= 'A' && line.charAt(i) <= 'Z') i++;
        if (i < 3 || i > 10 || i >= n || line.charAt(i) != ':') return null;
        int from = i + 1 < n && line.charAt(i + 1) == ' ' ? i + 2 : i + 1;
        for (int k = from; k < n; k++) {
            char ch = line.charAt(k);
            if (ch == '\r' || ch == '\n' || ch == '\u0085' || ch == '\u2028' || ch == '\u2029') {
                Matcher lv = JUL_LEVEL.matcher(line);
                return lv.matches() ? new String[] {lv.group(1), lv.group(2)} : null;
            }
        }
        return new String[] {line.substring(0, i), line.substring(from)};
    }

    /** "[main] DEBUG com.sun.mail.smtp.protocol - 250 OK", "DEBUG [main] c.s.m.smtp: ...", "INFO 1234 --- [main] x.y : msg". */
    private static void splitLoggerPrefix(String rest, LogLine l) {
        int sep = rest.indexOf(" - ");
        int sepLen = 3;
        // PIT: boundaries sep <= 0 in this method and the sepLen line are equivalent: rest never starts with a blank (the timestamp's \\s+ took it)
        if (sep < 0 && rest.endsWith(" -")) { // an empty message whose trailing blank was lost
            sep = rest.length() - 2;
            sepLen = 2;
        }
        String header;
        String payload;
        if (sep < 0) {
            sep = rest.indexOf(" : ");
            if (sep >= 0) sepLen = 3;
        }
        if (sep < 0) {
            // "LEVEL logger: message", or "LEVEL [thread] logger message" without any separator
            Matcher m = SPLIT_LOGGER_COLON.matcher(rest);
            Matcher known = SPLIT_LOGGER_KNOWN.matcher(rest);
            if (m.matches()) {
                header = m.group(1) + m.group(2);
                payload = m.group(3);
            } else if (known.matches()) {
                header = known.group(1) + known.group(2);
                payload = known.group(3);
            } else {
                header = rest;
                payload = "";
            }
        } else {
            header = rest.substring(0, sep);
            payload = rest.substring(sep + sepLen);
        }
        String logger = null;
        String level = null;
        // "[...]" groups blanked out (the thread is the last of them), then whitespace-separated tokens
        StringBuilder plain = null;
        int copied = 0;
        for (int open = header.indexOf('['); open >= 0; ) {
            int close = header.indexOf(']', open + 1);
            if (close < 0) break;
            // the thread is the last [bracket] before the logger (Spring Boot 3.2+ puts [application] first)
            l.thread = header.substring(open + 1, close).trim();
            if (plain == null) plain = new StringBuilder(header.length());
            plain.append(header, copied, open).append(' ');
            copied = close + 1;
            open = header.indexOf('[', copied);
        }
        String stripped = (plain == null ? header : plain.append(header, copied, header.length()).toString()).trim();
        int n = stripped.length();
        for (int i = 0; i < n; ) {
            while (i < n && isRegexSpace(stripped.charAt(i))) i++;
            int start = i;
            while (i < n && !isRegexSpace(stripped.charAt(i))) i++;
            if (start == i) continue;
            // only a short token can be a level (the longest is WARNING): no upper-cased copy of each logger name
            String upper = i - start <= 7 ? stripped.substring(start, i).toUpperCase(Locale.ROOT) : null;
            if (upper != null && LEVELS.contains(upper)) {
                level = upper;
                continue;
            }
            String tok = stripped.substring(start, i);
            if (tok.equals("---") || allDigits(tok)) continue;
            logger = tok.endsWith(":") ? tok.substring(0, tok.length() - 1) : tok;
        }
        l.logger = logger;
        l.payload = payload;
        l.kind = logger == null ? Kind.RAW : classifyLogger(logger, payload, l, level);
    }

    /** {@code \\s} of java.util.regex */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i))) return false;
        return true;
    }

    private static Kind classifyLogger(String logger, String payload, LogLine l, String level) {
        if (payload.startsWith("DEBUG SMTP: ")) {
            l.payload = payload.substring(12);
            return Kind.MAIL_DEBUG;
        }
        if (payload.startsWith("DEBUG: ")) {
            l.payload = payload.substring(7);
            return Kind.GENERIC;
        }
        String lg = logger.toLowerCase(Locale.ROOT);
        boolean javamail = lg.startsWith("com.sun.mail") || lg.startsWith("org.eclipse.angus.mail") || lg.startsWith("javax.mail")
                || lg.startsWith("jakarta.mail") || lg.startsWith("c.s.m") || lg.startsWith("o.e.a.m") || lg.startsWith("o.e.a.mail");
        if (javamail && (lg.endsWith(".protocol") || lg.endsWith("logoutputstream"))) return Kind.PROTOCOL;
        // JavaMail logs its own messages at FINE/DEBUG and the protocol trace at FINEST/TRACE, whatever the source shown
        if (javamail && ("FINEST".equals(level) || "TRACE".equals(level))) return Kind.PROTOCOL;
        if (javamail) return Kind.MAIL_DEBUG;
        if (lg.contains("mail") || lg.contains("smtp")) return Kind.RAW; // mail.debug output routed through an app logger
        return Kind.APP;
    }

    static Instant parseTime(String s) {
        try {
            if (Character.isDigit(s.charAt(0))) {
                Instant fast = plainLocal(s);
                if (fast != null) return fast;
                String t = s.replace(' ', 'T').replace(',', '.');
                if (t.endsWith("Z") || endsWithOffset(t)) {
                    if (signAndDigits(t, t.length() - 5, 4)) t = t.substring(0, t.length() - 2) + ":" + t.substring(t.length() - 2);
                    return java.time.OffsetDateTime.parse(t).toInstant();
                }
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            }
            String n = DOTS.matcher(WS.matcher(s.replace(",", ", ")).replaceAll(" ").replace(" ,", ",")).replaceAll("").trim();
            n = AM_PM.matcher(n).replaceAll(" $1M");
            return LocalDateTime.parse(n, JUL_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            return null;
        }
    }

    /**
     * "yyyy-MM-dd[ T]HH:mm:ss[.,]fraction" (1 to 9 digits, no zone), the form nearly every timestamped line has, read
     * field by field instead of through the ISO formatter; null for anything else, which the formatter then decides.
     */
    private static Instant plainLocal(String s) {
        int n = s.length();
        // PIT: a mutant that makes this return null, or a field out of range (num, nano: DateTimeException), is equivalent: parseTime's ISO formatter gives the same instant
        if (n < 19 || n == 20 || n > 29 || !digits(s, 0, 4) || s.charAt(4) != '-' || !digits(s, 5, 2) || s.charAt(7) != '-'
                || !digits(s, 8, 2) || s.charAt(10) != ' ' && s.charAt(10) != 'T' || !digits(s, 11, 2) || s.charAt(13) != ':'
                || !digits(s, 14, 2) || s.charAt(16) != ':' || !digits(s, 17, 2)) {
            return null;
        }
        int nano = 0;
        if (n > 19) {
            if (s.charAt(19) != '.' && s.charAt(19) != ',' || !digits(s, 20, n - 20)) return null;
            for (int i = 20; i < 29; i++) nano = nano * 10 + (i < n ? s.charAt(i) - '0' : 0);
        }
        try {
            return LocalDateTime.of(num(s, 0, 4), num(s, 5, 2), num(s, 8, 2), num(s, 11, 2), num(s, 14, 2), num(s, 17, 2), nano)
                    .toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null; // out of range: the formatter gives its own answer
        }
    }

    private static int num(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) v = v * 10 + (s.charAt(i) - '0');
        return v;
    }

    /** {@code .*[+-]\\d{2}:?\\d{2}$} */
    private static boolean endsWithOffset(String t) {
        int n = t.length();
        return signAndDigits(t, n - 5, 4) || n >= 6 && t.charAt(n - 3) == ':' && signAndDigits(t, n - 6, 2)
                && isDigit(t.charAt(n - 2)) && isDigit(t.charAt(n - 1));
    }

    /** a '+' or '-' at {@code at} followed by {@code digits} digits */
    private static boolean signAndDigits(String t, int at, int digits) {
        // PIT: boundaries and a true result in this method are equivalent: the offset then still fails OffsetDateTime.parse as the text fails LocalDateTime.parse
        if (at < 0 || at + digits >= t.length()) return false;
        char c = t.charAt(at);
        if (c != '+' && c != '-') return false;
        for (int i = 1; i <= digits; i++) if (!isDigit(t.charAt(at + i))) return false;
        return true;
    }
}
