package io.smtptrace.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The summary's verdict rows, in the order of issue #14's table, each with its target; sections fill in what they
 * measured. A row no section filled says so instead of disappearing.
 */
final class Verdicts {

    /** Row keys in the order (the section that fills each in: see {@link #TARGETS}). */
    static final String MSG_CPU = "msg.cpu";
    static final String MSG_RATIO = "msg.ratio";
    static final String MSG_ALLOC = "msg.alloc";
    static final String CONN_CPU = "conn.cpu";
    static final String CONN_RATIO = "conn.ratio";
    static final String POSTFIX_REUSED = "postfix.reused";
    static final String POSTFIX_NEW = "postfix.new";
    static final String START_FIRST = "start.first";
    static final String START_EXIT = "start.exit";
    static final String ANALYZER_LOG = "analyzer.log";
    static final String ANALYZER_JSON = "analyzer.json";
    static final String ANALYZER_RSS = "analyzer.rss";

    /** key → {figure, target, section}. */
    private static final Map<String, String[]> TARGETS = new LinkedHashMap<>();

    static {
        TARGETS.put(MSG_CPU, new String[] {"per message: added CPU, all threads (verdict)",
                "≤ 30 µs per message", "1"});
        TARGETS.put(MSG_RATIO, new String[] {"per message: throughput ratio, flat-out loop, Angus 2.0.3 (secondary)",
                "≥ 0.97", "1"});
        TARGETS.put(MSG_ALLOC, new String[] {"allocation added per message, all threads", "≤ 2,048 B", "1"});
        TARGETS.put(CONN_CPU, new String[] {"per connection (EHLO, STARTTLS, AUTH, QUIT): added CPU, all threads (verdict)",
                "≤ 0.3 ms per connection", "2"});
        TARGETS.put(CONN_RATIO, new String[] {"per connection: ratio (secondary)", "≥ 0.95", "2"});
        TARGETS.put(POSTFIX_REUSED, new String[] {"32 threads against Postfix, reused connection", "ratio ≥ 0.97",
                "2b"});
        TARGETS.put(POSTFIX_NEW, new String[] {"32 threads against Postfix, new connection per message",
                "ratio ≥ 0.97", "2b"});
        TARGETS.put(START_FIRST, new String[] {"JVM start → first message accepted", "≤ +100 ms", "3"});
        TARGETS.put(START_EXIT, new String[] {"JVM start → process exit (short batch job, last spans written)",
                "≤ +150 ms", "3"});
        TARGETS.put(ANALYZER_LOG, new String[] {"analyzer, JavaMail debug logs (400 MB–1 GiB)", "≥ 300 MB/s wall", "5"});
        TARGETS.put(ANALYZER_JSON, new String[] {"analyzer, OTLP JSON (1 GiB)", "≥ 250 MB/s wall", "5"});
        TARGETS.put(ANALYZER_RSS, new String[] {"analyzer peak RSS at 1 GiB, launcher and plain `java -jar`",
                "≤ 512 MB both ways", "5"});
    }

    private final Map<String, String[]> measured = new LinkedHashMap<>();

    /** @param pass null when the figure could not be measured (then {@code measured} says why) */
    synchronized void put(String key, String measuredText, Boolean pass) {
        if (!TARGETS.containsKey(key)) {
            throw new IllegalArgumentException(key);
        }
        measured.put(key, new String[] {measuredText, pass == null ? "n/a" : pass ? "**pass**" : "**miss**"});
    }

    String table() {
        StringBuilder s = new StringBuilder("| figure | target | measured in this run | verdict | section |\n"
                + "|---|---|---|---|---|\n");
        for (Map.Entry<String, String[]> e : TARGETS.entrySet()) {
            String[] t = e.getValue();
            String[] m = measured.getOrDefault(e.getKey(), new String[] {"not measured in this invocation", "—"});
            s.append("| ").append(t[0]).append(" | ").append(t[1]).append(" | ").append(m[0]).append(" | ")
                    .append(m[1]).append(" | ").append(t[2]).append(" |\n");
        }
        return s.toString();
    }
}
