package io.smtptrace.analyzer.read;

import java.io.IOException;
import java.util.function.Consumer;

import io.smtptrace.analyzer.model.Session;

/** Reads one input and hands every session to the consumer as soon as it has ended (streaming). */
public interface SessionReader {
    void read(CharSource in, String file, Consumer<Session> sink, Diagnostics diag) throws IOException;
}
