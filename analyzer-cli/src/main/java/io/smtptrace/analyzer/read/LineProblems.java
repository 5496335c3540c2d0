package io.smtptrace.analyzer.read;

/** A problem with a line of one input, phrased by a key of the {@code diagnostics} bundle: reported, or kept for later. */
interface LineProblems {
    void problem(long line, String key, Object... args);
}
