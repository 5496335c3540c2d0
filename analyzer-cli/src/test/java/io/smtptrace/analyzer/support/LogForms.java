package io.smtptrace.analyzer.support;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The shapes a service's stdout takes on its way to whoever reads it, rewritten line by line exactly as each tool writes
 * them (formats from the tools' documentation and source): what the analyzer must read as if it were the raw log.
 */
public enum LogForms {
    /** {@code kubectl logs --timestamps}: RFC3339Nano (Go drops trailing zeros, and the fraction at a full second) */
    KUBECTL_TIMESTAMPS,
    /** {@code kubectl logs --prefix --timestamps}: {@code [pod/NAME/CONTAINER] } first */
    KUBECTL_PREFIX,
    /** the CRI log file under /var/log/pods: {@code TIME STREAM F|P text} */
    CRI_FILE,
    /** {@code docker compose logs}: the service name padded to the longest, then {@code | } */
    DOCKER_COMPOSE,
    /** {@code journalctl} (short) / syslog: {@code Nov 30 10:00:01 host java[4242]: } */
    JOURNALD,
    /** WildFly/JBoss: System.out through its logger, {@code INFO  [stdout] (default task-7) }; System.err as ERROR [stderr] */
    WILDFLY_STDOUT,
    /** pasted into a ticket or Markdown: indented by four spaces, some lines with trailing blanks, blank lines empty */
    MARKDOWN_INDENTED,
    /** pasted into a tab-indented block */
    TAB_INDENTED,
    /** an export with the time and a tab before each line (CloudWatch, Lambda-style) */
    TAB_SEPARATED,
    /** Windows line endings */
    CRLF,
    /** multi-line stack traces of another thread between the conversation's lines (raw output, as a JVM prints them) */
    STACK_TRACES_INTERLEAVED,
    /** the same, in a kubectl --timestamps log */
    KUBECTL_STACK_TRACES_INTERLEAVED;

    private static final Instant BASE = Instant.parse("2026-11-30T10:00:00Z");
    private static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter WILDFLY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS", Locale.US).withZone(ZoneOffset.UTC);
    private static final Pattern STACK_LINE = Pattern.compile("^(\\tat |\\t\\.\\.\\. |Caused by: |(?:[a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b).*");

    /** Whether the form only makes sense for raw mail.debug output (an app server's stdout logger). */
    public boolean rawOnly() {
        return this == WILDFLY_STDOUT;
    }

    /** The whole log in this form (ends with a line terminator). */
    public String wrap(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        String nl = this == CRLF ? "\r\n" : "\n";
        int i = 0;
        boolean inBody = false;
        boolean after334 = false;
        for (String line : lines) {
            // a microsecond or so per line (the raw log has no times: no timing rule may start to fire), now and then
            // a full second (Go's format has no fraction then)
            Instant t = BASE.plusSeconds(i / 100).plusNanos(i % 100 == 0 ? 0 : (i % 100) * 1_000L + (i % 7) * 10L);
            i++;
            sb.append(wrapLine(line, t, i)).append(nl);
            // interleave a stack trace between two exchanges, never inside a reply, an AUTH exchange or the body
            if (line.startsWith("354 ")) inBody = true;
            else if (line.equals(".")) inBody = false;
            boolean replyDone = line.length() >= 4 && Character.isDigit(line.charAt(0)) && line.charAt(3) == ' ';
            if (replyDone) after334 = line.startsWith("334 ");
            if ((this == STACK_TRACES_INTERLEAVED || this == KUBECTL_STACK_TRACES_INTERLEAVED) && replyDone && !inBody && !after334 && i % 3 == 0) {
                for (String st : otherThreadsStackTrace(i)) sb.append(this == STACK_TRACES_INTERLEAVED ? st : kubectlTime(t) + " " + st).append(nl);
            }
        }
        return sb.toString();
    }

    private String wrapLine(String line, Instant t, int n) {
        return switch (this) {
            case KUBECTL_TIMESTAMPS, KUBECTL_STACK_TRACES_INTERLEAVED -> kubectlTime(t) + " " + line;
            case KUBECTL_PREFIX -> "[pod/billing-7d9f8b6c4-x2x9q/billing] " + kubectlTime(t) + " " + line;
            case CRI_FILE -> kubectlTime(t) + " stdout F " + line;
            case DOCKER_COMPOSE -> "billing-1  | " + line;
            case JOURNALD -> SYSLOG.format(t) + " mailhost java[4242]: " + line;
            case WILDFLY_STDOUT -> WILDFLY.format(t) + (STACK_LINE.matcher(line).matches() ? " ERROR [stderr] (default task-7) " : " INFO  [stdout] (default task-7) ") + line;
            case MARKDOWN_INDENTED -> line.isEmpty() ? "" : "    " + line + (n % 3 == 0 ? "  " : "");
            case TAB_INDENTED -> line.isEmpty() ? "" : "\t" + line;
            case TAB_SEPARATED -> kubectlTime(t) + "\t" + line;
            case CRLF, STACK_TRACES_INTERLEAVED -> line;
        };
    }

    /** Go's time.RFC3339Nano: up to 9 fraction digits, trailing zeros dropped, no fraction at a full second. */
    public static String kubectlTime(Instant t) {
        String s = DateTimeFormatter.ISO_LOCAL_DATE_TIME.withZone(ZoneOffset.UTC).format(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        int nano = t.getNano();
        if (nano == 0) return s + "Z";
        String f = String.format("%09d", nano).replaceAll("0+$", "");
        return s + "." + f + "Z";
    }

    static List<String> otherThreadsStackTrace(int n) {
        List<String> l = new ArrayList<>();
        l.add("Exception in thread \"cache-refresh-" + n + "\" java.lang.IllegalStateException: cache refresh failed");
        l.add("\tat com.acme.cache.Refresher.refresh(Refresher.java:42)");
        l.add("\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)");
        l.add("\tat java.base/java.lang.Thread.run(Thread.java:840)");
        l.add("Caused by: java.net.SocketTimeoutException: Read timed out");
        l.add("\t... 3 more");
        return l;
    }

    /**
     * {@code docker compose logs} of two services whose output interleaves line by line (as compose prints them in
     * arrival order), service names padded to the longer one.
     */
    public static String composeInterleaved(List<String> a, String nameA, List<String> b, String nameB) {
        int w = Math.max(nameA.length(), nameB.length());
        String pa = String.format("%-" + w + "s  | ", nameA);
        String pb = String.format("%-" + w + "s  | ", nameB);
        StringBuilder sb = new StringBuilder();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            // uneven runs, so a reply of one service lands between a command and its reply of the other
            for (int k = 0; k < 2 && i < a.size(); k++) sb.append(pa).append(a.get(i++)).append('\n');
            for (int k = 0; k < 3 && j < b.size(); k++) sb.append(pb).append(b.get(j++)).append('\n');
        }
        return sb.toString();
    }
}
