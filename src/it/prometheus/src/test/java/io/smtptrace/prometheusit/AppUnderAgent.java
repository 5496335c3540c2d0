package io.smtptrace.prometheusit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A forked JVM that keeps running while the test talks to it: stdout lines collected as they come, lines written to
 * its stdin, stderr to a file. {@link MetricsWorkloadApp} under the agent, here.
 */
final class AppUnderAgent implements AutoCloseable {
    private final Process process;
    private final Path stderr;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final OutputStream stdin;

    private AppUnderAgent(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    lines.add(l);
                    synchronized (lines) {
                        lines.notifyAll();
                    }
                }
            } catch (IOException ended) {
                // the process is gone
            }
        }, "app-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static AppUnderAgent start(List<String> command, Map<String, String> env, Path stderr) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(stderr.toFile());
        pb.environment().putAll(env);
        return new AppUnderAgent(pb.start(), stderr);
    }

    void send(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Waits for a stdout line matching the condition; false on timeout or when the process ended without it. */
    boolean awaitLine(Predicate<String> condition, long timeoutMs) throws InterruptedException {
        long until = System.currentTimeMillis() + timeoutMs;
        synchronized (lines) {
            while (true) {
                if (lines.stream().anyMatch(condition)) return true;
                long left = until - System.currentTimeMillis();
                if (left <= 0 || !process.isAlive() && lines.stream().noneMatch(condition)) {
                    return lines.stream().anyMatch(condition);
                }
                lines.wait(Math.min(left, 200));
            }
        }
    }

    /** The MailClientApp RESULT lines so far, without the "RESULT " prefix. */
    List<String> results() {
        return lines.stream().filter(l -> l.startsWith("RESULT ")).map(l -> l.substring(7)).toList();
    }

    String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    String describe() {
        return "stdout:\n" + String.join("\n", lines) + "\nstderr:\n" + stderr();
    }

    /** Closes stdin (the app ends its loop and exits), then kills what is left. */
    @Override
    public void close() throws InterruptedException {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
