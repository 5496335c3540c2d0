package io.smtptrace.analyzer.read;

import io.smtptrace.contract.AddressRedaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.MessageAttempt;
import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.model.SessionDerivation;

/**
 * JavaMail / Jakarta Mail / Angus Mail debug output: raw {@code mail.debug=true} output or the same lines routed
 * through java.util.logging or SLF4J, with application lines and stack traces in between and several connections in
 * one file. Builds the same model the agent exports: one session per "trying to connect", exchanges in order, the
 * message body after 354 counted but never parsed, AUTH payloads and 334 answers redacted.
 */
public final class DebugLogReader {
    private static final Pattern CONNECT = Pattern.compile("trying to connect to host \"([^\"]*)\", port (\\d+), isSSL (\\w+)");
    private static final Pattern USE_AUTH = Pattern.compile("useEhlo (\\w+), useAuth (\\w+)");
    private static final Pattern AUTH_SUPPRESSED = Pattern.compile("^AUTH (\\S+) command trace suppressed");
    private static final Pattern AUTH_RESULT = Pattern.compile("^AUTH (\\S+) (succeeded|failed)");
    private static final Pattern USING_MECH = Pattern.compile("^Using mechanism (\\S+)");
    static final Pattern REPLY = Pattern.compile("^(\\d{3})(?:([ -])(.*))?$");
    private static final Pattern COMMAND = Pattern.compile("^([A-Za-z]{4,10})(?:[ :].*)?$");
    private static final Pattern EXCEPTION = Pattern.compile(
            "^\\s*(?:Caused by:\\s*)?((?:[a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error))(?::\\s?(.*))?$");
    private static final Pattern VERSION = Pattern.compile("(JavaMail|Jakarta Mail) version (\\S+)");
    private static final Pattern ADDRESS = Pattern.compile("<([^<>@\\s]+)@([^<>\\s]+)>");
    private static final Set<String> KNOWN = Set.of("EHLO", "HELO", "STARTTLS", "AUTH", "MAIL", "RCPT", "DATA", "BDAT", "RSET",
            "NOOP", "QUIT", "VRFY", "EXPN", "HELP", "ETRN", "XCLIENT", "XFORWARD", "TURN", "ATRN", "LHLO");

    /** One open connection (per thread when the log shows threads). */
    private static final class Conn {
        Session s;
        boolean raw; // started from unprefixed mail.debug output
        int seq;
        Exchange pending;
        final List<String> reply = new ArrayList<>();
        Instant replyTime;
        boolean inBody;
        boolean last334;
        String expect; // which exception we are waiting for: read, body
        Exchange authExchange;
        final List<long[]> bodies = new ArrayList<>(); // per DATA: bytes, lines, longest, dotLines, nonAscii
        long[] body;
        String bodyErrorType;
        String bodyErrorMessage;
        /**
         * Lines since a "QUIT" or "RSET" inside the body, with the body's counts before it: a raw log cannot tell a body
         * line from a command, so the final '.' decides (it came: all body) or the end of the conversation does (it did
         * not: the body broke after 354 and these lines were the client's commands and the server's replies).
         */
        List<Object[]> tentative;
        long[] bodyBefore;
    }

    private static final class KeyState {
        Conn conn;
        Boolean useAuth;
        String library;
        String version;
    }

    private static final int MAX_TENTATIVE = 64;

    private String file;
    private Consumer<Session> sink;
    private String base;
    private final Map<String, KeyState> keys = new HashMap<>();
    private final LinePrefixes prefixes;
    private final LinePrefixes.Cut cut = new LinePrefixes.Cut();
    private final LogLine.Context ctx = new LogLine.Context();
    private final LogLine.Context scratch = new LogLine.Context();
    /** line contexts of the streams a prefix names (JUL's two-line records and stack traces stay with their stream) */
    private final Map<String, LogLine.Context> contexts = new HashMap<>();
    private int sessions;
    /** streams inside another thread's uncaught-exception report */
    private final java.util.Set<String> foreignTraces = new java.util.HashSet<>();

    public DebugLogReader() {
        this(null);
    }

    /** @param prefix the prefix every line has ({@code --log-prefix}), or null to learn it from the input */
    public DebugLogReader(Pattern prefix) {
        this.prefixes = new LinePrefixes(prefix);
    }

    /** Starts an input (for readers of other formats that hand over lines: {@link JsonLogReader}). */
    void begin(String file, Consumer<Session> sink) {
        this.file = file;
        this.sink = sink;
        this.base = file.replaceAll(".*[/\\\\]", "");
    }

    /** Ends the input: open conversations are handed over. @return how many conversations the input held */
    int end() {
        for (KeyState k : new ArrayList<>(keys.values())) if (k.conn != null) finish(k);
        return sessions;
    }

    /**
     * One line of text: a learned (or given) prefix is cut first and names the line's stream; a line that carries
     * JavaMail's text after a prefix not seen yet teaches it.
     */
    void text(String line, String stream, Instant time, long lineNo) {
        String t = line;
        String st = stream;
        boolean unwrapped = false;
        Instant prefixTime = time;
        if (prefixes.active() && prefixes.strip(line, cut)) {
            t = cut.text;
            st = join(stream, cut.stream);
            if (cut.time != null) prefixTime = cut.time;
            unwrapped = true;
        }
        LogLine l = LogLine.parse(t, context(st));
        if (!unwrapped && (l.kind == LogLine.Kind.RAW || l.kind == LogLine.Kind.APP || l.nested) && LinePrefixes.mayHoldAnchor(line)
                && !inUnprefixedBody() && !loggersOwnConversation(l) && prefixes.learn(line, cut, this::javaMailText)) {
            t = cut.text;
            st = join(stream, cut.stream);
            if (cut.time != null) prefixTime = cut.time;
            unwrapped = true;
            l = LogLine.parse(t, context(st));
        }
        if (l.kind == LogLine.Kind.HEADER) return;
        if (foreignTrace(st, l)) return;
        l.stream = st;
        if (!st.isEmpty()) l.thread = l.thread == null || l.thread.isEmpty() ? st : st + " " + l.thread;
        if (l.time == null) l.time = prefixTime;
        // PIT: NegateConditionalsMutator on !stream.isEmpty() is equivalent: only a JavaMail line with a time and no
        // logger reads "unwrapped", and without a prefix cut or a record's time no such line exists
        l.unwrapped = unwrapped || !stream.isEmpty() || time != null;
        record(l, lineNo);
    }

    /**
     * A logger's line ("INFO [main] mail - EHLO app": mail.debug output routed through an application's logger) of a
     * thread whose conversation is open: its layout was already read, so it teaches no prefix (that would give the rest
     * of the conversation another stream than the line that opened it, and split it in two).
     */
    private boolean loggersOwnConversation(LogLine l) {
        if (l.logger == null || l.nested || l.payload == null || l.payload.isEmpty()) return false;
        KeyState k = keys.get(l.thread == null ? "" : l.thread);
        return k != null && k.conn != null;
    }

    /**
     * The JVM's report of another thread's uncaught exception ({@code Exception in thread "x" ...} and its stack) is
     * that thread's, never the conversation's, even in raw output where no prefix says so.
     */
    private boolean foreignTrace(String stream, LogLine l) {
        String p = l.payload == null ? "" : l.payload;
        if (l.kind != LogLine.Kind.RAW && l.kind != LogLine.Kind.APP) {
            foreignTraces.remove(stream);
            return false;
        }
        if (p.startsWith("Exception in thread \"")) {
            foreignTraces.add(stream);
            return true;
        }
        if (!foreignTraces.contains(stream)) return false;
        if (p.startsWith("\t") || p.startsWith("Caused by: ") || p.startsWith("Suppressed: ") || p.startsWith("    at ")) return true;
        foreignTraces.remove(stream);
        return false;
    }

    /** One parsed line or structured record. */
    void record(LogLine l, long lineNo) {
        // PIT: MathMutator here is equivalent: the count is only ever compared with 0, and it never returns to 0
        if (handle(l, lineNo)) sessions++;
    }

    /** Text the line reader takes as JavaMail's own (for learning where a wrapper's prefix ends). */
    private boolean javaMailText(String rest) {
        // a context as fresh as a new one (its caches kept: they only save work); a new one per test was ~6 % of
        // all allocation on a plain log
        scratch.clear();
        LogLine l = LogLine.parse(rest, scratch);
        if (l.nested) return false; // still a wrapper's timestamp in front: the text starts further on
        return switch (l.kind) {
            case MAIL_DEBUG, GENERIC, PROTOCOL -> true;
            case HEADER -> rest.contains("mail."); // java.util.logging's header line of a JavaMail class
            default -> false;
        };
    }

    private static String join(String outer, String inner) {
        return outer.isEmpty() ? inner == null ? "" : inner : inner == null || inner.isEmpty() ? outer : outer + " " + inner;
    }

    private LogLine.Context context(String stream) {
        if (stream.isEmpty()) return ctx;
        LogLine.Context c = contexts.get(stream);
        if (c == null) {
            if (contexts.size() >= 4096) contexts.clear(); // a new thread name per request must not grow it for ever
            c = new LogLine.Context();
            contexts.put(stream, c);
        }
        return c;
    }

    /** A body of raw mail.debug output is being read: its lines are the message's, never a prefix to learn. */
    private boolean inUnprefixedBody() {
        KeyState k = keys.get("");
        return k != null && k.conn != null && k.conn.inBody;
    }

    /** Reads one input and hands every session to the consumer as soon as it has ended (streaming). */
    public void read(CharSource src, String file, Consumer<Session> sink, Diagnostics diag) throws IOException {
        begin(file, sink);
        LineProblems problems = (line, key, args) -> diag.problem(file, line, key, args);
        LineChecks checks = new LineChecks();
        try {
            readLines(src, problems, checks, null);
        } finally {
            end();
        }
        finishInput(diag, file, sessions, checks.binaryWarned);
    }

    /** Where finished conversations go from now on (parallel reading hands a reader's state on to the next chunk). */
    void sink(Consumer<Session> sink) {
        this.sink = sink;
    }

    /** No conversation is open: the whole state is what {@link #stateKey()} describes. */
    boolean quiescent() {
        for (KeyState k : keys.values()) if (k.conn != null) return false;
        return true;
    }

    /**
     * Everything that decides how later lines are read, as text, when {@link #quiescent()}: two readers with the same
     * key read every following line alike (caches that only save work are left out). The key map's iteration order
     * is part of it, as {@link #end()} finishes conversations in that order.
     */
    String stateKey() {
        StringBuilder b = new StringBuilder(128);
        for (Map.Entry<String, KeyState> e : keys.entrySet()) {
            KeyState k = e.getValue();
            b.append(e.getKey()).append('\u0001').append(k.useAuth).append('\u0001').append(k.library).append('\u0001')
                    .append(k.version).append('\u0002');
        }
        b.append('\u0003').append(prefixes.stateKey()).append('\u0003').append(ctx.stateKey()).append('\u0003');
        // a stream's context counts even in its initial state: the map is cleared when it holds 4096 of them
        new java.util.TreeMap<>(contexts).forEach((st, c) -> b.append(st).append('\u0001').append(c.stateKey()).append('\u0002'));
        b.append('\u0003');
        new java.util.TreeSet<>(foreignTraces).forEach(st -> b.append(st).append('\u0002'));
        return b.toString();
    }

    /** What is warned about once per input (the first binary line, the first line that is not UTF-8). */
    static final class LineChecks {
        boolean binaryWarned;
        boolean encodingWarned;
    }

    /** Called after each line with the line's number (parallel reading compares states there); true stops reading. */
    interface AfterLine {
        boolean after(long lineNo);
    }

    /** The lines of {@code src} to its end (without {@link #end()}). */
    void readLines(CharSource src, LineProblems problems, LineChecks checks, AfterLine after) throws IOException {
        while (true) {
            long lineNo = src.lineNumber();
            String line = src.readLine(CharSource.DEFAULT_MAX_LINE);
            if (line == null) break;
            line(src, line, lineNo, problems, checks);
            if (after != null && after.after(lineNo)) return;
        }
    }

    /** One line as {@link CharSource} gave it: the checks for bad input, then the line's text. */
    private void line(CharSource src, String line, long lineNo, LineProblems problems, LineChecks checks) {
        if (src.lastLineTooLong()) {
            problems.problem(lineNo, "log.lineTooLong", String.valueOf(src.lastLineLength()), String.valueOf(CharSource.DEFAULT_MAX_LINE));
            KeyState k = keys.get("");
            if (k != null && k.conn != null && k.conn.inBody && k.conn.body != null) k.conn.body[0] += src.lastLineLength() + 2;
            return;
        }
        if (isBinary(line)) {
            if (!checks.binaryWarned) problems.problem(lineNo, "log.binary");
            checks.binaryWarned = true;
            return;
        }
        if (!checks.encodingWarned && line.indexOf('\uFFFD') >= 0) {
            problems.problem(lineNo, "log.notUtf8");
            checks.encodingWarned = true;
        }
        if (idleStackFrame(line)) return;
        text(line, "", null, lineNo);
    }

    /**
     * A stack frame of the application's ("\tat com.acme...", no JavaMail class) while no conversation is open and no
     * prefix or JUL record is pending: reading it would change nothing (it parses as a continuation without touching
     * any context, teaches no prefix, and only an open conversation takes exceptions or body lines), so it is skipped
     * unparsed. Such frames are a large part of a busy service's log.
     */
    private boolean idleStackFrame(String line) {
        // PIT: NegateConditionalsMutator on !prefixes.active() and on !mayHoldAnchor(line) is equivalent: with no
        // conversation open such a frame changes nothing anyone sees, read or skipped (no frame teaches a prefix)
        return line.startsWith("\tat ") && !prefixes.active() && ctx.julSource == null && !LinePrefixes.mayHoldAnchor(line) && quiescent();
    }

    /** The input's closing notes: it held no conversation. */
    static void finishInput(Diagnostics diag, String file, long sessions, boolean binaryWarned) {
        if (sessions == 0 && !binaryWarned) diag.problem(file, 0, "log.noConversationHint");
        else if (sessions == 0) diag.problem(file, 0, "log.noConversation");
    }

    private static boolean isBinary(String line) {
        int ctl = 0;
        int n = Math.min(line.length(), 512);
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (c == 0) return true;
            if (c < 0x20 && c != '\t' && c != '\r' && c != '\f' && c != 0x1b) ctl++;
        }
        return n > 0 && ctl * 10 > n; // PIT: ConditionalsBoundaryMutator on n > 0 is equivalent: ctl is 0 when n is
    }

    /** @return true when the line started a session */
    private boolean handle(LogLine l, long where) {
        String key = l.thread == null ? "" : l.thread;
        // state only for threads that print JavaMail's own lines: application threads (a new name per request or task
        // in some logs) would otherwise each keep an entry for the whole input
        KeyState k = l.kind == LogLine.Kind.GENERIC || l.kind == LogLine.Kind.MAIL_DEBUG
                ? keys.computeIfAbsent(key, x -> new KeyState()) : keys.get(key);
        Conn c = k == null ? null : k.conn;
        String p = l.payload == null ? "" : l.payload;
        switch (l.kind) {
            case GENERIC -> {
                Matcher v = p.contains(" version ") ? VERSION.matcher(p) : null; // the pattern's literal part
                if (v != null && v.find()) {
                    k.version = v.group(2);
                    if (k.library == null) k.library = v.group(1).startsWith("Jakarta") ? "jakarta.mail" : "com.sun.mail:javax.mail";
                }
                if (p.contains("getProvider() returning")) {
                    if (p.contains("org.eclipse.angus")) k.library = "org.eclipse.angus:angus-mail";
                    else if (p.contains("jakarta.mail.Provider")) k.library = "com.sun.mail:jakarta.mail";
                    else if (p.contains("javax.mail.Provider")) k.library = "com.sun.mail:javax.mail";
                }
                return false;
            }
            case MAIL_DEBUG -> {
                if (k.library == null && l.logger != null) k.library = libraryOf(l.logger);
                if (c != null && c.inBody) {
                    resolveBody(k, c);
                    c = k.conn;
                }
                return mailDebug(k, c, p, l, where);
            }
            case PROTOCOL -> {
                if (c == null) { // the conversation began before the log did: rebuilt from here, marked partial
                    if (!fragmentStart(p, true)) return false;
                    c = startFragment(key, l, where);
                    protocol(keys.get(key), c, p, l.time, true);
                    return true;
                }
                protocol(k, c, p, l.time, true);
                return false; // PIT: BooleanTrueReturnValsMutator here is equivalent: the open conversation was counted when it began
            }
            case RAW -> {
                if (c == null && fragmentStart(p, false)) {
                    c = startFragment(key, l, where);
                    protocol(keys.get(key), c, p, l.time, true);
                    return true;
                }
                // PIT: BooleanTrueReturnValsMutator on this return is equivalent: the open conversation was counted when it began
                if (c != null && (c.raw || !key.isEmpty() || l.logger != null) && protocol(k, c, p, l.time, false)) return false;
                exception(k, c, p);
                return false;
            }
            default -> {
                // a stack trace printed by the application may carry another thread's prefix than raw mail.debug output
                String stream = l.stream == null ? "" : l.stream;
                if (c == null && !key.equals(stream) && keys.get(stream) != null) c = keys.get(stream).conn;
                exception(k, c, p);
                return false;
            }
        }
    }

    private boolean mailDebug(KeyState k, Conn c, String p, LogLine l, long where) {
        Matcher m = p.contains("trying to connect") ? CONNECT.matcher(p) : null;
        if (m != null && m.find()) {
            if (c != null) finish(k);
            c = new Conn();
            c.raw = l.logger == null && (l.time == null || l.unwrapped);
            Session s = new Session();
            s.id = base + ":" + where;
            s.source = file;
            s.host = m.group(1);
            s.port = Integer.parseInt(m.group(2));
            s.sslRequested = Boolean.parseBoolean(m.group(3));
            s.authConfigured = k.useAuth;
            s.clientLibrary = k.library;
            s.clientLibraryVersion = k.version;
            s.start = l.time;
            c.s = s;
            k.conn = c;
            k.useAuth = null;
            return true;
        }
        m = p.contains("useEhlo ") ? USE_AUTH.matcher(p) : null;
        if (m != null && m.find()) {
            k.useAuth = Boolean.parseBoolean(m.group(2));
            return false;
        }
        if (c == null) return false;
        boolean auth = p.startsWith("AUTH ");
        if (auth && (m = AUTH_SUPPRESSED.matcher(p)).find()) {
            Exchange e = command(c, "AUTH " + m.group(1).toUpperCase(Locale.ROOT), l.time);
            c.authExchange = e;
            c.s.authMechanism = m.group(1).toUpperCase(Locale.ROOT);
        } else if (p.startsWith("Using mechanism ") && (m = USING_MECH.matcher(p)).find()) {
            c.s.authMechanism = m.group(1).toUpperCase(Locale.ROOT);
        } else if (auth && (m = AUTH_RESULT.matcher(p)).find()) {
            boolean ok = m.group(2).equals("succeeded");
            c.s.authMechanism = m.group(1).toUpperCase(Locale.ROOT);
            c.s.authOutcome = ok ? "success" : "failure";
            Exchange e = c.authExchange;
            if (e != null && e.replyCode == null && ok) {
                e.replyCode = 235;
                e.replyLines.add("235 (authentication succeeded; reply not printed because mail.debug.auth=false)");
                if (l.time != null && e.time != null) e.durationMs = (double) Duration.between(e.time, l.time).toMillis();
            }
            if (e == c.pending) c.pending = null;
            if (!ok) c.expect = "auth";
        } else if (p.startsWith("exception reading response") || p.startsWith("EOF")) {
            c.expect = "read";
            if (p.startsWith("EOF") && c.pending != null && c.pending.replyCode == null && c.pending.replyError == null) c.pending.replyError = "eof";
        } else if (p.startsWith("IOException while sending")) {
            c.expect = "body";
        } else if (p.startsWith("MessagingException while sending") || p.startsWith("got response code")) {
            c.expect = null;
        }
        return false; // PIT: BooleanTrueReturnValsMutator here is equivalent: the open conversation was counted when it began
    }

    /** @return whether the line was taken as protocol */
    private boolean protocol(KeyState k, Conn c, String p, Instant time, boolean certain) {
        if (c.inBody) {
            if (p.equals(".")) {
                c.tentative = null;
                endBody(c);
                Exchange e = command(c, ".", time);
                e.verb = ".";
                return true; // PIT: BooleanFalseReturnValsMutator here is equivalent: "." holds no exception to scan for
            }
            if (c.tentative != null) {
                if (c.tentative.size() < MAX_TENTATIVE) c.tentative.add(new Object[] {p, time});
                else c.tentative = null; // far too long for a QUIT and its reply: body text
            } else if (p.equals("QUIT") || p.equals("RSET")) {
                c.tentative = new ArrayList<>();
                c.tentative.add(new Object[] {p, time});
                c.bodyBefore = c.body.clone();
            }
            long[] b = c.body;
            long len = utf8Length(p);
            b[0] += len + 2;
            b[1]++;
            b[2] = Math.max(b[2], len);
            if (p.startsWith("..")) b[3]++;
            for (int i = 0; i < p.length(); i++) if (p.charAt(i) >= 0x80) b[4]++;
            return true;
        }
        if (isReply(p)) {
            if (c.reply.isEmpty()) c.replyTime = time;
            c.reply.add(p);
            if (p.length() == 3 || p.charAt(3) != '-') completeReply(c, Integer.parseInt(p.substring(0, 3)), time);
            // PIT: BooleanFalseReturnValsMutator here is equivalent: a line starting with digits never matches EXCEPTION
            return true;
        }
        if (c.last334 && (certain || base64ish(p) || p.isEmpty())) {
            Exchange e = command(c, "[redacted]", time);
            e.type = Exchange.AUTH_CONTINUATION;
            e.verb = null;
            c.last334 = false;
            // PIT: BooleanFalseReturnValsMutator here is equivalent: base64 has no '.', which EXCEPTION needs (a
            // protocol logger's line, taken whatever it holds, has its return value ignored)
            return true;
        }
        Matcher m = COMMAND.matcher(p);
        if (!m.matches()) return false;
        String verb = m.group(1).toUpperCase(Locale.ROOT);
        if (!certain && !(KNOWN.contains(verb) && m.group(1).equals(verb))) return false;
        // PIT: BooleanTrueReturnValsMutator on this return is equivalent: a command's first word ends at ' ' or ':',
        // where the exception scan the caller would skip needs a '.'
        if (!c.s.greeted() && !certain && c.seq == 0 && !c.s.partial) return false;
        if (verb.equals("MAIL") && c.s.exchanges.size() >= Session.MAX_EXCHANGES_PER_PART) splitPart(c);
        command(c, redact(verb, p), time);
        // PIT: BooleanFalseReturnValsMutator here is equivalent: a command's first word ends at ' ' or ':', where
        // EXCEPTION needs a '.'
        return true;
    }

    /** {@link #REPLY} without the regex engine: three digits, alone or followed by ' ' or '-' and any text on one line */
    static boolean isReply(String p) {
        int n = p.length();
        if (n < 3 || !isDigit(p.charAt(0)) || !isDigit(p.charAt(1)) || !isDigit(p.charAt(2))) return false;
        if (n == 3) return true;
        if (p.charAt(3) != ' ' && p.charAt(3) != '-') return false;
        for (int i = 4; i < n; i++) {
            char ch = p.charAt(i);
            if (ch == '\r' || ch == '\n' || ch == '\u0085' || ch == '\u2028' || ch == '\u2029') return false; // '.' stops there
        }
        return true;
    }

    /** {@code p.matches("^[A-Za-z0-9+/=]+$")} without compiling the pattern each time */
    private static boolean base64ish(String p) {
        // PIT: BooleanTrueReturnValsMutator here is equivalent: the only caller takes an empty line as an answer too
        if (p.isEmpty()) return false;
        for (int i = 0; i < p.length(); i++) {
            char ch = p.charAt(i);
            if (!(ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '+' || ch == '/' || ch == '=')) return false;
        }
        return true;
    }

    /** {@code p.getBytes(UTF_8).length} without encoding: an unpaired surrogate becomes one '?' */
    static long utf8Length(String p) {
        long len = 0;
        int n = p.length();
        for (int i = 0; i < n; i++) {
            char ch = p.charAt(i);
            if (ch < 0x80) len++;
            else if (ch < 0x800) len += 2;
            else if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(p.charAt(i + 1))) {
                len += 4;
                i++;
            } else if (Character.isSurrogate(ch)) len++;
            else len += 3;
        }
        return len;
    }

    /**
     * Every address inside free text in the agent's default envelope form ({@code ***@domain}): servers repeat the
     * envelope address in replies ({@code 554 5.7.1 <x@y>: Relay access denied}) and exceptions repeat the replies.
     * The same rule as the agent's, so a debug log and a trace of the same run read the same.
     */
    static String redactAddresses(String text) {
        return AddressRedaction.redact(text, AddressRedaction.DOMAIN_ONLY);
    }

    private static String redact(String verb, String line) {
        if (verb.equals("AUTH")) {
            String[] p = line.trim().split("\\s+");
            return p.length > 1 ? "AUTH " + p[1].toUpperCase(Locale.ROOT) : "AUTH";
        }
        if (verb.equals("MAIL") || verb.equals("RCPT")) {
            return ADDRESS.matcher(line).replaceAll("<***@$2>");
        }
        return line;
    }

    private Exchange command(Conn c, String line, Instant time) {
        Exchange e = new Exchange();
        e.seq = ++c.seq;
        if (c.seq == 1) { // no greeting was seen: the conversation starts with a command
            c.seq++;
            e.seq = 2;
        }
        e.time = time;
        e.type = Exchange.COMMAND;
        int end = 0;
        while (end < line.length() && !isSpaceOrColon(line.charAt(end))) end++;
        String v = line.substring(0, end).toUpperCase(Locale.ROOT);
        e.verb = line.equals("[redacted]") ? null : v;
        e.line = line;
        c.s.exchanges.add(e);
        c.pending = e;
        c.reply.clear();
        return e;
    }

    private static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    /** {@code [\\s:]} */
    private static boolean isSpaceOrColon(char ch) {
        return ch == ':' || ch == ' ' || ch == '\t' || ch == '\n' || ch == 0x0B || ch == '\f' || ch == '\r';
    }

    private void completeReply(Conn c, int code, Instant time) {
        Exchange e = c.pending;
        if (e == null) {
            e = new Exchange();
            if (c.seq == 0 && c.s.partial && !(code == 220 && c.reply.get(0).contains("SMTP"))) {
                // a fragment that starts with a reply: its command is before the log; some replies name it
                e.verb = code == 354 ? "DATA" : code == 334 || code == 235 || code == 535 ? "AUTH" : code == 221 ? "QUIT" : null;
                e.line = e.verb == null ? "?" : e.verb;
                c.seq = 2; // seq 1 is the greeting's
                e.seq = 2;
                e.time = c.replyTime;
            } else if (c.seq == 0) {
                e.type = Exchange.GREETING;
                e.seq = ++c.seq;
                e.time = c.s.start != null ? c.s.start : c.replyTime;
            } else {
                e.type = Exchange.COMMAND; // an unsolicited reply, e.g. 421 while idle
                e.seq = ++c.seq;
                e.time = c.replyTime;
            }
            c.s.exchanges.add(e);
        }
        e.replyCode = code;
        for (String r : c.reply) e.replyLines.add(redactAddresses(r));
        if (e.time != null && time != null) e.durationMs = (double) Math.max(0, Duration.between(e.time, time).toMillis());
        c.reply.clear();
        c.pending = null;
        c.last334 = code == 334;
        c.expect = null;
        if (e.is("DATA") && code == 354) {
            c.inBody = true;
            c.body = new long[5];
            c.bodies.add(c.body);
        }
        if (e.is("QUIT")) {
            KeyState k = null;
            for (KeyState ks : keys.values()) if (ks.conn == c) k = ks;
            if (k != null) finish(k);
        }
    }

    private static void endBody(Conn c) {
        c.inBody = false;
    }

    private void exception(KeyState k, Conn c, String p) {
        if (c == null || p.isEmpty() || p.startsWith("\tat ") || p.startsWith("at ")) return;
        // PIT: NegateConditionalsMutator here is equivalent: a fast path, the pattern below needs one of them too
        if (!p.contains("Exception") && !p.contains("Error")) return; // the pattern needs one of them
        Matcher m = EXCEPTION.matcher(p);
        if (!m.find()) return;
        String type = m.group(1);
        String msg = m.group(2) == null ? "" : redactAddresses(m.group(2).trim());
        if (!mailRelated(type)) return;
        Session s = c.s;
        if (s.exceptions.size() < 20 && !s.exceptions.contains(type + (msg.isEmpty() ? "" : ": " + msg))) s.exceptions.add(type + (msg.isEmpty() ? "" : ": " + msg));
        String simple = type.substring(type.lastIndexOf('.') + 1);
        if (simple.equals("AuthenticationFailedException")) {
            Exchange e = c.authExchange;
            Matcher code = Pattern.compile("^(\\d{3})\\b").matcher(msg);
            if (e != null && e.replyCode == null && code.find()) {
                e.replyCode = Integer.parseInt(code.group(1));
                e.replyLines.add(msg);
                s.authReplyCode = e.replyCode;
            }
            return;
        }
        boolean starttlsAccepted = s.exchanges.stream().anyMatch(e -> e.is("STARTTLS") && Integer.valueOf(220).equals(e.replyCode));
        boolean tlsType = type.startsWith("javax.net.ssl.") || simple.contains("CertPath") || simple.equals("ValidatorException")
                || simple.contains("Certificate");
        if (tlsType && (starttlsAccepted || s.sslRequested) && (s.tlsErrorType == null || simple.equals("SSLHandshakeException") && !s.tlsErrorType.endsWith("SSLHandshakeException"))) {
            if (s.tlsErrorType == null || type.startsWith("javax.net.ssl.")) {
                s.tlsErrorType = type;
                s.tlsErrorMessage = msg;
                s.tlsEstablished = false;
            }
            if (s.sslRequested && !s.greeted()) s.tlsMode = "implicit";
            else if (starttlsAccepted) s.tlsMode = "starttls";
            return;
        }
        // PIT: NegateConditionalsMutator on endsWith("IOException") is equivalent: every such name ends with "Exception"
        if ("body".equals(c.expect) && c.bodyErrorType == null && (simple.endsWith("IOException") || simple.endsWith("Exception"))) {
            c.bodyErrorType = type;
            c.bodyErrorMessage = msg;
            return;
        }
        if (type.startsWith("java.net.") || type.startsWith("java.io.")) {
            Exchange e = c.pending;
            if (e == null && !s.greeted() && s.exchanges.isEmpty()) {
                e = new Exchange();
                e.type = Exchange.GREETING;
                e.seq = ++c.seq;
                e.time = s.start;
                s.exchanges.add(e);
                c.pending = e;
            }
            if (e != null && e.replyCode == null && e.replyError == null) {
                e.replyError = simple.equals("EOFException") ? "eof" : type;
                e.replyErrorMessage = msg;
                if (simple.equals("ConnectException") || simple.equals("UnknownHostException") || simple.equals("NoRouteToHostException")) s.endReason = "connect_failed";
            }
        }
    }

    /** The server's name as its greeting or first EHLO reply gives it ("220 mx.example.com ESMTP", "250-mx.example.com"). */
    private static String serverName(Session s) {
        for (Exchange e : s.exchanges) {
            if (!(e.isGreeting() || e.is("EHLO") || e.is("HELO")) || e.replyLines.isEmpty()) continue;
            String first = e.replyLines.get(0);
            // PIT: ConditionalsBoundaryMutator on both lines is equivalent: a one-character name holds no '.' after its
            // first character, and indexOf(' ', 4) is -1 or at least 4, never 0
            if (first.length() < 5) continue;
            int end = first.indexOf(' ', 4);
            String name = first.substring(4, end < 0 ? first.length() : end);
            if (name.indexOf('.') > 0 && name.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '.' || ch == '-')) return name;
        }
        return null;
    }

    /** The library as far as a logger or class name tells (com.sun.mail is javax.mail, jakarta.mail 1.6/2.0 or Angus 1.x). */
    private static String libraryOf(String logger) {
        if (logger.startsWith("org.eclipse.angus") || logger.startsWith("o.e.a")) return "org.eclipse.angus:angus-mail";
        if (logger.startsWith("com.sun.mail") || logger.startsWith("c.s.m")) return "com.sun.mail";
        return null;
    }

    private static boolean mailRelated(String type) {
        return type.startsWith("javax.mail.") || type.startsWith("jakarta.mail.") || type.startsWith("com.sun.mail.")
                || type.startsWith("org.eclipse.angus.") || type.startsWith("javax.net.ssl.") || type.startsWith("java.net.")
                || type.startsWith("java.io.") || type.startsWith("sun.security.") || type.startsWith("java.security.cert.");
    }

    /** Hands the finished part of a very long connection to the sink and continues with a fresh part. */
    private void splitPart(Conn c) {
        Session next = c.s.continuation();
        c.s.endReason = "continued";
        emit(c);
        c.s = next;
        c.bodies.clear();
        c.bodyErrorType = null;
        c.bodyErrorMessage = null;
        c.authExchange = null;
    }

    private void finish(KeyState k) {
        Conn c = k.conn;
        if (c == null) return;
        if (c.inBody) {
            resolveBody(k, c);
            if (k.conn != c) return; // the replayed QUIT finished it
        }
        k.conn = null;
        emit(c);
    }

    /**
     * The body ended without its '.': when a "QUIT" or "RSET" came after 354 (and little after it), it was the client's
     * command, not body text; the body's counts go back to before it and the lines are read again as protocol.
     */
    private void resolveBody(KeyState k, Conn c) {
        List<Object[]> replay = c.tentative;
        endBody(c);
        if (replay == null) return;
        c.tentative = null;
        System.arraycopy(c.bodyBefore, 0, c.body, 0, c.body.length);
        for (Object[] r : replay) {
            if (k.conn != c) break;
            protocol(k, c, (String) r[0], (Instant) r[1], true);
        }
    }

    /**
     * Whether a line can start a conversation whose beginning is not in the log: any command or reply of JavaMail's
     * protocol logger; of unprefixed text only what is unmistakably SMTP (an envelope command, EHLO/HELO with its one
     * argument, STARTTLS alone, a reply with an enhanced status code, 354, a greeting naming SMTP).
     */
    static boolean fragmentStart(String p, boolean certain) {
        if (isReply(p)) {
            if (certain) return true;
            return p.startsWith("354 ") || p.startsWith("220 ") && p.contains("SMTP") || enhancedCode(p);
        }
        if (p.startsWith("MAIL FROM:") || p.startsWith("RCPT TO:") || p.startsWith("AUTH ") && p.length() > 5) return true;
        // PIT: ConditionalsBoundaryMutator on "indexOf(' ', 5) < 0" is equivalent: indexOf(' ', 5) is -1 or at least 5
        if (p.startsWith("EHLO ") || p.startsWith("HELO ")) return p.length() > 5 && p.indexOf(' ', 5) < 0;
        if (p.equals("STARTTLS")) return true;
        if (!certain) return false;
        Matcher m = COMMAND.matcher(p);
        return m.matches() && KNOWN.contains(m.group(1).toUpperCase(Locale.ROOT));
    }

    /** "550 5.1.1 ..." / "250-2.0.0 ...": an RFC 3463 code after the reply code */
    private static boolean enhancedCode(String p) {
        int n = p.length();
        if (n < 9 || p.charAt(4) != '2' && p.charAt(4) != '4' && p.charAt(4) != '5' || p.charAt(5) != '.') return false;
        int i = 6;
        int d = 0;
        while (i < n && isDigit(p.charAt(i))) { i++; d++; }
        if (d == 0 || d > 3 || i >= n || p.charAt(i) != '.') return false;
        i++;
        d = 0;
        while (i < n && isDigit(p.charAt(i))) { i++; d++; }
        return d > 0 && d <= 3 && (i == n || p.charAt(i) == ' ');
    }

    /** A conversation whose start (connect line, greeting) is not in the log: server unknown, marked partial. */
    private Conn startFragment(String key, LogLine l, long where) {
        KeyState k = keys.computeIfAbsent(key, x -> new KeyState());
        Conn c = new Conn();
        c.raw = l.logger == null;
        Session s = new Session();
        s.id = base + ":" + where;
        s.source = file;
        s.partial = true;
        s.clientLibrary = k.library;
        s.clientLibraryVersion = k.version;
        s.start = l.time;
        c.s = s;
        k.conn = c;
        return c;
    }

    private void emit(Conn c) {
        Session s = c.s;
        if (s.partial && s.host == null) s.host = serverName(s);
        if (c.pending != null && c.pending.is("QUIT") && c.pending.replyCode == null && c.pending.replyError == null) c.pending.replyError = "not_awaited";
        SessionDerivation.derive(s);
        int i = 0;
        for (MessageAttempt m : s.messages) {
            if (!m.dataStarted) continue;
            if (i < c.bodies.size()) {
                long[] b = c.bodies.get(i++);
                m.bytes = b[0];
                m.body.put("lines", b[1]);
                m.body.put("longest_line", b[2]);
                m.body.put("dot_lines", b[3]);
                m.body.put("non_ascii", b[4]);
            }
            if (!m.dataCompleted && c.bodyErrorType != null && m.bodyErrorType == null) {
                m.bodyErrorType = c.bodyErrorType;
                m.bodyErrorMessage = c.bodyErrorMessage;
            }
        }
        sink.accept(s);
    }
}
