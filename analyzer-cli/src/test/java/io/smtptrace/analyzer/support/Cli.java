package io.smtptrace.analyzer.support;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import io.smtptrace.analyzer.Main;

/**
 * Runs the CLI in-process through Main.run and captures stdout, stderr and the exit code. The environment is empty
 * unless given, so the language does not depend on the machine's LANG.
 */
public record Cli(int code, String out, String err) {
    public static Cli run(String... args) {
        return runWithStdin(new ByteArrayInputStream(new byte[0]), args);
    }

    public static Cli runWithStdin(InputStream in, String... args) {
        return runWithEnv(in, Map.of(), args);
    }

    public static Cli runWithEnv(Map<String, String> env, String... args) {
        return runWithEnv(new ByteArrayInputStream(new byte[0]), env, args);
    }

    public static Cli runWithEnv(InputStream in, Map<String, String> env, String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(in, new PrintWriter(o), new PrintWriter(e), env, args);
        return new Cli(code, o.toString(), e.toString());
    }
}
