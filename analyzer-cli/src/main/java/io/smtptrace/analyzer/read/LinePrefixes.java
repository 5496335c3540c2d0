package io.smtptrace.analyzer.read;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prefixes that log pipelines put in front of JavaMail's own text ({@code kubectl logs --timestamps/--prefix},
 * {@code docker compose logs}, journald/syslog, an application server's {@code [stdout]} logger, a ticket's
 * indentation), learned per input: where a line carries JavaMail's text ({@code DEBUG SMTP:}, {@code DEBUG:}, a strict
 * SMTP command) after something else, that something is turned into a shape (timestamps and numbers generalised,
 * names as any word, brackets as any bracketed text, separators kept), and every line of the same shape loses it. The
 * names in the prefix (container, pod, thread, syslog tag) become the line's stream, so interleaved conversations are
 * rebuilt apart. A user's pattern ({@code --log-prefix}) replaces learning for the shapes this cannot guess.
 */
final class LinePrefixes {
    /** The result of {@link #strip}: the line without its prefix, the stream the prefix names, its time if any. */
    static final class Cut {
        String text;
        String stream;
        Instant time;
    }

    /** Anchors that start JavaMail's own text: debug lines first, then commands only JavaMail's client sends. */
    private static final String[] ANCHORS = {"DEBUG SMTP:", "DEBUG: ", "MAIL FROM:<", "RCPT TO:<", "EHLO "};
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL", "SEVERE",
            "FINE", "FINER", "FINEST", "CONFIG", "NOTICE", "CRIT", "ALERT", "EMERG", "ERR", "I", "W", "E", "D");
    private static final Set<String> MONTHS = Set.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");
    /** Prefix fields that name an output channel or a line flag, not a stream of its own (CRI's "stdout F", [stdout]). */
    private static final Set<String> NOT_A_STREAM = Set.of("stdout", "stderr", "out", "err", "F", "P", "[stdout]", "[stderr]");
    private static final int MAX_SHAPES = 8;
    private static final DateTimeFormatter SYSLOG = new DateTimeFormatterBuilder().appendPattern("MMM d HH:mm:ss")
            .parseDefaulting(ChronoField.YEAR, Year.now(ZoneOffset.UTC).getValue()).toFormatter(Locale.US);

    /** A learned (or given) prefix: the pattern, and which groups hold names and times. */
    private static final class Shape {
        final Pattern pattern;
        final int[] nameGroups;
        final int[] timeGroups;
        final boolean trimTrailing;

        Shape(Pattern pattern, int[] nameGroups, int[] timeGroups, boolean trimTrailing) {
            this.pattern = pattern;
            this.nameGroups = nameGroups;
            this.timeGroups = timeGroups;
            this.trimTrailing = trimTrailing;
        }
    }

    private final List<Shape> shapes = new ArrayList<>();
    private final boolean learning;
    /** the last time text parsed and its value: consecutive lines mostly repeat it */
    private String lastTimeText;
    private Instant lastTime;

    /** @param given a user's prefix pattern (named groups {@code stream} and {@code time} optional), or null to learn */
    LinePrefixes(Pattern given) {
        learning = given == null;
        if (given != null) {
            Matcher names = Pattern.compile("\\(\\?<(stream|time)>").matcher(given.pattern());
            boolean stream = false;
            boolean time = false;
            while (names.find()) {
                if (names.group(1).equals("stream")) stream = true;
                else time = true;
            }
            Pattern p = Pattern.compile("(?:" + given.pattern() + ")(?<rest>.*)", given.flags() | Pattern.DOTALL);
            shapes.add(new Shape(p, stream ? new int[] {-1} : new int[0], time ? new int[] {-2} : new int[0], false));
        }
    }

    /** The shapes known, in the order they are tried (the cached time is left out). */
    String stateKey() {
        StringBuilder b = new StringBuilder().append(learning);
        for (Shape s : shapes) {
            b.append('\u0001').append(s.pattern.pattern()).append('\u0001').append(s.pattern.flags()).append('\u0001')
                    .append(java.util.Arrays.toString(s.nameGroups)).append(java.util.Arrays.toString(s.timeGroups)).append(s.trimTrailing);
        }
        return b.toString();
    }

    boolean active() {
        return !shapes.isEmpty();
    }

    /** Strips a known prefix from the line: false when none of the shapes fits it (the line is then read as it is). */
    boolean strip(String line, Cut cut) {
        for (int i = 0; i < shapes.size(); i++) {
            Shape s = shapes.get(i);
            Matcher m = s.pattern.matcher(line);
            if (!m.matches()) continue;
            // PIT: i >= 0 is equivalent: moving the first shape to the front changes nothing
            if (i > 0) { // the shape that fits is most likely to fit the next line too
                shapes.remove(i);
                shapes.add(0, s);
            }
            String rest = m.group("rest");
            cut.text = s.trimTrailing ? rest.stripTrailing() : rest;
            cut.stream = names(m, s);
            cut.time = time(m, s);
            return true;
        }
        return false;
    }

    /**
     * Learns the prefix of a line that carries JavaMail's text after something else, and cuts it: false when the line
     * has no anchor, or what comes before it does not look like a prefix (an application's own sentence).
     */
    boolean learn(String line, Cut cut, Predicate<String> javaMailText) {
        if (!learning || shapes.size() >= MAX_SHAPES) return false;
        int at = anchor(line);
        if (at <= 0 && line.indexOf("mail.") > 0) at = fieldWhereTextStarts(line, javaMailText);
        if (at <= 0) return false;
        if (julLevelCut(line.substring(0, at)).isEmpty()) return false;
        Shape s = shapeOf(julLevelCut(line.substring(0, at)));
        if (s == null) return false;
        shapes.add(0, s);
        // PIT: true instead of strip's answer is equivalent: a shape learned from a line's own prefix always fits that line
        return strip(line, cut);
    }

    /** java.util.logging's level ("FINE: ") belongs to the record, not to a wrapper's prefix: the prefix ends before it. */
    private static String julLevelCut(String prefix) {
        for (String lv : new String[] {"FINEST: ", "FINER: ", "FINE: ", "CONFIG: ", "INFO: ", "WARNING: ", "SEVERE: "}) {
            int i = prefix.indexOf(lv);
            if (i >= 0 && (i == 0 || prefix.charAt(i - 1) == ' ' || prefix.charAt(i - 1) == '\t')) return prefix.substring(0, i);
        }
        return prefix;
    }

    /** Where JavaMail's text starts in the line, or -1. */
    static int anchor(String line) {
        for (String a : ANCHORS) {
            int at = line.indexOf(a);
            // an anchor inside a word ("XDEBUG: ") is no anchor
            if (at > 0 && !Character.isLetterOrDigit(line.charAt(at - 1))) return at;
        }
        return -1;
    }

    /**
     * A line that names JavaMail's loggers ({@code com.sun.mail.smtp}, {@code org.eclipse.angus.mail}) in a layout the
     * line reader knows (java.util.logging's header, a logback pattern) behind a wrapper's prefix: the first field
     * boundary after which the rest is read as JavaMail's, or -1.
     */
    private static int fieldWhereTextStarts(String line, Predicate<String> javaMailText) {
        int fields = 0;
        for (int i = 1; i < line.length() && fields < 10; i++) {
            char prev = line.charAt(i - 1);
            if ((prev == ' ' || prev == '\t') && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                fields++;
                if (javaMailText.test(line.substring(i))) return i;
            }
        }
        // PIT: 0 instead of -1 is equivalent: learn() treats both as no field
        return -1;
    }

    /** Cheap pre-test for {@link #learn}: does the line hold anything an anchor starts with, or a JavaMail logger name? */
    static boolean mayHoldAnchor(String line) {
        return line.indexOf("DEBUG") > 0 || line.indexOf(" FROM:<") > 0 || line.indexOf(" TO:<") > 0 || line.indexOf("EHLO ") > 0
                || line.indexOf("mail.") > 0;
    }

    /**
     * The shape of a prefix, field by field: leading indentation kept exactly; bracketed groups ({@code [..]},
     * {@code (..)}, {@code <..>}) as any bracketed text; timestamps (a token with digits and only date/time punctuation)
     * with each digit run generalised; level words as any upper-case word; month names as any month; separators and
     * punctuation as they are; other tokens (container, host, syslog tag) as any word. The whitespace between the
     * prefix and the text is kept exactly; between fields, any run of blanks. Null when it does not look like a
     * prefix: it must have a timestamp, a bracket, a separator ({@code |}) or be only indentation.
     */
    static Shape shapeOf(String prefix) {
        StringBuilder re = new StringBuilder("^");
        List<Integer> names = new ArrayList<>();
        List<Integer> times = new ArrayList<>();
        int group = 0;
        int n = prefix.length();
        int i = 0;
        while (i < n && (prefix.charAt(i) == ' ' || prefix.charAt(i) == '\t')) i++;
        // PIT: i >= 0 is equivalent: an empty quote matches the empty string
        if (i > 0) re.append(Pattern.quote(prefix.substring(0, i)));
        boolean indentOnly = i == n;
        boolean prefixLike = indentOnly;
        int fields = 0;
        while (i < n) {
            char c = prefix.charAt(i);
            if (c == ' ' || c == '\t') {
                int j = i;
                while (j < n && (prefix.charAt(j) == ' ' || prefix.charAt(j) == '\t')) j++;
                re.append(j == n ? Pattern.quote(prefix.substring(i, j)) : "[ \\t]+");
                i = j;
                continue;
            }
            fields++;
            char close = c == '[' ? ']' : c == '(' ? ')' : c == '<' ? '>' : 0;
            if (close != 0 && prefix.indexOf(close, i + 1) > 0) {
                int end = prefix.indexOf(close, i + 1);
                String tail = trailingPunct(prefix, end + 1);
                re.append("(\\").append(c).append("[^\\").append(close).append("]*\\").append(close).append(')').append(Pattern.quote(tail));
                names.add(++group);
                prefixLike = true;
                i = end + 1 + tail.length();
                continue;
            }
            int j = i;
            while (j < n && prefix.charAt(j) != ' ' && prefix.charAt(j) != '\t') j++;
            String tok = prefix.substring(i, j);
            if (isTime(tok)) {
                re.append('(').append(generalisedDigits(tok)).append(')');
                times.add(++group);
                prefixLike = true;
            } else if (MONTHS.contains(tok)) {
                re.append("([A-Z][a-z]{2})");
                times.add(++group);
            } else if (LEVELS.contains(tok.toUpperCase(Locale.ROOT)) && tok.equals(tok.toUpperCase(Locale.ROOT))) {
                re.append("[A-Z]+");
            } else if (!hasWordChar(tok)) {
                re.append(Pattern.quote(tok));
                if (tok.contains("|")) prefixLike = true;
            } else {
                // a name, with its closing punctuation kept ("java[4242]:", "web-1")
                String tail = trailingPunct(tok, tokenWordEnd(tok));
                re.append("([^ \\t]+?)").append(Pattern.quote(tail));
                names.add(++group);
            }
            i = j;
        }
        // syslog: "Nov 30 10:00:01 host tag[pid]:" has no bracket of its own when the tag has no pid, but a month and a time
        if (!prefixLike || fields > 8) return null;
        re.append("(?<rest>.*)$");
        int[] ng = names.stream().mapToInt(Integer::intValue).toArray();
        int[] tg = times.stream().mapToInt(Integer::intValue).toArray();
        // only a paste (indentation) gains trailing blanks; a tool's wrapper leaves the text as it was
        return new Shape(Pattern.compile(re.toString(), Pattern.DOTALL), ng, tg, indentOnly);
    }

    private static int tokenWordEnd(String tok) {
        int e = tok.length();
        // PIT: e >= 0 is equivalent: the token has a letter or digit, the loop stops there
        while (e > 0 && !Character.isLetterOrDigit(tok.charAt(e - 1)) && tok.charAt(e - 1) != ']' && tok.charAt(e - 1) != ')') e--;
        return e;
    }

    private static String trailingPunct(String s, int from) {
        int j = from;
        while (j < s.length() && (s.charAt(j) == ':' || s.charAt(j) == '|' || s.charAt(j) == '-' || s.charAt(j) == ',')) j++;
        return s.substring(from, j);
    }

    private static boolean hasWordChar(String tok) {
        for (int i = 0; i < tok.length(); i++) if (Character.isLetterOrDigit(tok.charAt(i))) return true;
        return false;
    }

    /** digits and only the punctuation of dates and times ("2026-11-30T10:00:01.5Z", "10:00:01,123", "30") */
    static boolean isTime(String tok) {
        boolean digit = false;
        for (int i = 0; i < tok.length(); i++) {
            char c = tok.charAt(i);
            if (c >= '0' && c <= '9') digit = true;
            else if ("-:.,+/TZ[]".indexOf(c) < 0) return false;
        }
        return digit;
    }

    /**
     * each run of digits as {@code \d+}, everything else literal; a fraction of a second optional (Go's RFC3339Nano,
     * which kubectl and docker print, drops trailing zeros and the whole fraction at a full second)
     */
    private static String generalisedDigits(String tok) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        int colons = 0;
        boolean fraction = false;
        while (i < tok.length()) {
            char c = tok.charAt(i);
            if (c == ':') colons++;
            if ((c == '.' || c == ',') && colons == 2 && !fraction && i + 1 < tok.length() && Character.isDigit(tok.charAt(i + 1))) {
                i++;
                while (i < tok.length() && Character.isDigit(tok.charAt(i))) i++;
                sb.append("(?:[.,]\\d+)?");
                fraction = true;
            } else if (c >= '0' && c <= '9') {
                while (i < tok.length() && Character.isDigit(tok.charAt(i))) i++;
                sb.append("\\d+");
                // the seconds, learned from a line at a full second: later lines have a fraction
                boolean fractionNext = i + 1 < tok.length() && (tok.charAt(i) == '.' || tok.charAt(i) == ',') && Character.isDigit(tok.charAt(i + 1));
                if (colons == 2 && !fraction && !fractionNext) {
                    sb.append("(?:[.,]\\d+)?");
                    fraction = true;
                }
            } else {
                sb.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return sb.toString();
    }

    private static String names(Matcher m, Shape s) {
        if (s.nameGroups.length == 1 && s.nameGroups[0] == -1) return m.group("stream");
        StringBuilder sb = null;
        for (int g : s.nameGroups) {
            String v = m.group(g);
            if (v == null || NOT_A_STREAM.contains(v)) continue;
            if (sb == null) sb = new StringBuilder(v);
            else sb.append(' ').append(v);
        }
        return sb == null ? "" : sb.toString();
    }

    private Instant time(Matcher m, Shape s) {
        if (s.timeGroups.length == 0) return null;
        String text;
        if (s.timeGroups[0] == -2) text = m.group("time");
        else if (s.timeGroups.length == 1) text = m.group(s.timeGroups[0]);
        else {
            StringBuilder sb = new StringBuilder();
            for (int g : s.timeGroups) sb.append(sb.length() == 0 ? "" : " ").append(m.group(g));
            text = sb.toString();
        }
        if (text == null) return null;
        if (!text.equals(lastTimeText)) {
            lastTimeText = text;
            lastTime = parseTime(text);
        }
        return lastTime;
    }

    /** ISO-like times through the log-line parser, syslog's "Nov 30 10:00:01" in the current year; else null. */
    static Instant parseTime(String text) {
        if (text.isEmpty()) return null;
        // kubectl/docker write RFC 3339 with up to 9 fraction digits and Z; bracketed forms lose their brackets
        String t = text.startsWith("[") ? text.substring(1) : text;
        if (!t.isEmpty() && Character.isDigit(t.charAt(0))) {
            if (t.endsWith("]")) t = t.substring(0, t.length() - 1);
            return t.length() >= 19 ? LogLine.parseTime(t) : null;
        }
        String[] p = text.trim().split("\\s+");
        if (p.length >= 3 && MONTHS.contains(p[0])) {
            try {
                return LocalDateTime.parse(p[0] + " " + p[1] + " " + p[2], SYSLOG).toInstant(ZoneOffset.UTC);
            } catch (RuntimeException e) {
                return null;
            }
        }
        return null;
    }
}
