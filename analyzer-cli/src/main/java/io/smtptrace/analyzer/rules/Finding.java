package io.smtptrace.analyzer.rules;

/** One problem, aggregated per rule and server. */
public record Finding(String rule, Severity severity, String title, int count, String server, String explanation,
                      String fix, Evidence evidence) {
}
