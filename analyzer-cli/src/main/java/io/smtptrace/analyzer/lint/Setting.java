package io.smtptrace.analyzer.lint;

/** One setting as written in a file: its key and value, where it stands, and the Spring profile it belongs to (or null). */
public record Setting(String key, String value, String file, int line, String profile) {
    public String location() {
        return file + ":" + line;
    }
}
