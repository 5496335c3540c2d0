package io.smtptrace.analyzer.support;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;

import io.smtptrace.analyzer.Main;

/** Runs the CLI in-process through Main.run and captures stdout, stderr and the exit code. */
public record Cli(int code, String out, String err) {
    public static Cli run(String... args) {
        return runWithStdin(new ByteArrayInputStream(new byte[0]), args);
    }

    public static Cli runWithStdin(InputStream in, String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(in, new PrintWriter(o), new PrintWriter(e), args);
        return new Cli(code, o.toString(), e.toString());
    }
}
