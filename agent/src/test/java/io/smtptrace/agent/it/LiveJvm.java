package io.smtptrace.agent.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A forked JVM the test watches while it runs (ForkedJvm only reports after the end): its stdout lines as they come,
 * with the moment each arrived, its stderr in a file, and its exit time, for tests that act mid-run (raise a file
 * size limit, open a gate) or measure how long the JVM takes to exit after its main method is done.
 */
final class LiveJvm implements AutoCloseable {

    private final Process process;
    private final Path stderr;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private volatile long doneAtNanos;
    private volatile long exitedAtNanos;
    private final Thread reader;

    private LiveJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.reader = new Thread(this::read, "live-jvm-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static LiveJvm start(List<String> command, Map<String, String> env) throws IOException {
        Path err = Files.createTempFile("live-jvm", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("SMTPTRACE_"));
        pb.environment().putAll(env);
        return new LiveJvm(pb.start(), err);
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.equals("RESULT done")) {
                    doneAtNanos = System.nanoTime(); // the application's main is about to return
                }
                lines.add(line);
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    long pid() {
        return process.pid();
    }

    /** Waits until a stdout line matches (false if the JVM exited or the time passed first). */
    boolean awaitLine(Predicate<String> p, long timeoutMs) throws InterruptedException {
        long until = System.nanoTime() + timeoutMs * 1_000_000L;
        while (System.nanoTime() < until) {
            synchronized (lines) {
                if (lines.stream().anyMatch(p)) {
                    return true;
                }
            }
            if (!process.isAlive() && !reader.isAlive()) {
                return false;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** Waits until stderr contains the text. */
    boolean awaitStderr(String text, long timeoutMs) throws InterruptedException, IOException {
        long until = System.nanoTime() + timeoutMs * 1_000_000L;
        while (System.nanoTime() < until) {
            if (stderr().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return stderr().contains(text);
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Waits for the exit; returns the exit code, -1 if it had to be killed. */
    int awaitExit(long timeoutMs) throws InterruptedException {
        boolean done = process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
        exitedAtNanos = System.nanoTime();
        if (!done) {
            process.destroyForcibly().waitFor();
            return -1;
        }
        reader.join(5000);
        return process.exitValue();
    }

    /** From "RESULT done" on stdout to the process's exit, in ms. */
    long exitAfterMainMs() {
        return (exitedAtNanos - doneAtNanos) / 1_000_000L;
    }

    List<String> stdout() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    List<String> outcomes() {
        return stdout().stream().filter(l -> l.startsWith("RESULT ")).map(l -> l.substring(7)).toList();
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    String describe() throws IOException {
        return "stdout:\n" + String.join("\n", stdout()) + "\nstderr:\n" + stderr();
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(stderr);
    }
}
