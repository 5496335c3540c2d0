package io.smtptrace.analyzer.read;

import java.io.BufferedInputStream;
import java.io.IOException;

/**
 * Tells the agent's metrics file (OTLP JSON lines of {@code resourceMetrics}, written beside the trace file as
 * {@code smtp-trace-metrics-*.jsonl}) from a trace file: a glob such as {@code smtp-trace-*.jsonl} picks both up, and
 * a metrics file holds no conversation to analyse, nor is it bad input.
 */
final class MetricsFile {

    static final String NAME_PREFIX = "smtp-trace-metrics-";
    private static final byte[] KEY = "\"resourceMetrics\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private MetricsFile() {
    }

    /** The stream, at the first {@code {}, starts an object whose first key is {@code resourceMetrics}; not consumed. */
    static boolean is(BufferedInputStream in) throws IOException {
        in.mark(64);
        try {
            int c = in.read();
            if (c != '{') {
                return false; // PIT: FALSE_RETURNS here is equivalent: false already (the finally hides the constant from PIT)
            }
            do {
                c = in.read();
            } while (c == ' ' || c == '\t' || c == '\r' || c == '\n');
            for (int i = 0; i < KEY.length; i++, c = in.read()) {
                if (c != KEY[i]) {
                    return false; // PIT: FALSE_RETURNS here is equivalent: false already (the finally hides the constant from PIT)
                }
            }
            return true; // PIT: TRUE_RETURNS here is equivalent: true already (the finally hides the constant from PIT)
        } finally {
            in.reset();
        }
    }

    /** An empty file named like a metrics file: the agent had not exported yet. */
    static boolean named(String file) {
        String name = java.nio.file.Path.of(file).getFileName() == null ? file
                : java.nio.file.Path.of(file).getFileName().toString();
        return name.startsWith(NAME_PREFIX);
    }
}
