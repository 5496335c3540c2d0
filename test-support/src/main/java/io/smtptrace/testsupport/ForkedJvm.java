package io.smtptrace.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link MailClientApp} (or another main class) in a fresh JVM:
 * {@code <java.home>/bin/java [-javaagent:X[=opts]] [-Dk=v ...] [jvm args] -cp <library jars>:<test-support>
 * io.smtptrace.testsupport.MailClientApp scenario.properties}.
 *
 * <pre>{@code
 * ForkedJvm.Result r = ForkedJvm.forLibrary(MailLibrary.JAVAX_MAIL_1_6_2)
 *         .javaAgent(agentJar)
 *         .run(Scenario.forServer(server).writeTemp());
 * assertThat(r.results()).contains("connect ok", "send 1 ok", "close ok");
 * }</pre>
 */
public final class ForkedJvm {

    private final List<Path> classPath = new ArrayList<>();
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String javaAgent;
    private String mainClass = MailClientApp.class.getName();
    private Duration timeout = Duration.ofSeconds(60);
    private Path workingDirectory;
    private boolean fastStartup = true;

    private ForkedJvm() {
    }

    /** A JVM with the library's jars and test-support on the class path. */
    public static ForkedJvm forLibrary(MailLibrary library) {
        ForkedJvm f = new ForkedJvm();
        f.classPath.addAll(library.jars());
        f.classPath.add(testSupportClassPath());
        return f;
    }

    /** A JVM with exactly this class path (add {@link #testSupportClassPath()} yourself if needed). */
    public static ForkedJvm withClassPath(List<Path> classPath) {
        ForkedJvm f = new ForkedJvm();
        f.classPath.addAll(classPath);
        return f;
    }

    /** Where MailClientApp.class comes from: test-support's target/classes or its jar. */
    public static Path testSupportClassPath() {
        try {
            return Path.of(MailClientApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot locate the test-support classes", e);
        }
    }

    /** The java launcher of the running JVM. */
    public static Path javaExecutable() {
        Path home = Path.of(System.getProperty("java.home"));
        Path java = home.resolve("bin").resolve(isWindows() ? "java.exe" : "java");
        if (Files.isExecutable(java)) {
            return java;
        }
        return ProcessHandle.current().info().command().map(Path::of).orElse(java);
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase().contains("win");
    }

    /** {@code -javaagent:<jar>} */
    public ForkedJvm javaAgent(Path agentJar) {
        return javaAgent(agentJar, null);
    }

    /** {@code -javaagent:<jar>=<options>} (options may be null). */
    public ForkedJvm javaAgent(Path agentJar, String options) {
        this.javaAgent = agentJar.toAbsolutePath() + (options == null ? "" : "=" + options);
        return this;
    }

    public ForkedJvm systemProperty(String key, String value) {
        systemProperties.put(key, value);
        return this;
    }

    public ForkedJvm systemProperties(Map<String, String> props) {
        systemProperties.putAll(props);
        return this;
    }

    /** Trust the test server's certificate via -Djavax.net.ssl.trustStore... */
    public ForkedJvm trustTestCertificate() {
        return systemProperties(TestTls.trustStoreSystemProperties());
    }

    /** Any other JVM option, e.g. {@code -Xmx64m}. */
    public ForkedJvm jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    public ForkedJvm environment(String key, String value) {
        environment.put(key, value);
        return this;
    }

    public ForkedJvm addClassPath(Path entry) {
        classPath.add(entry);
        return this;
    }

    public ForkedJvm mainClass(String mainClass) {
        this.mainClass = mainClass;
        return this;
    }

    /** Kill the JVM after this long (default 60 s); {@link Result#timedOut()} is then true. */
    public ForkedJvm timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /**
     * true (default): {@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto} for quick short runs;
     * false for benchmarks (full JIT, default GC).
     */
    public ForkedJvm fastStartup(boolean fast) {
        this.fastStartup = fast;
        return this;
    }

    public ForkedJvm workingDirectory(Path dir) {
        this.workingDirectory = dir;
        return this;
    }

    /** The full command line. */
    public List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable().toString());
        if (fastStartup) {
            cmd.add("-XX:TieredStopAtLevel=1");
            cmd.add("-XX:+UseSerialGC");
            cmd.add("-Xshare:auto");
        }
        if (javaAgent != null) {
            cmd.add("-javaagent:" + javaAgent);
        }
        systemProperties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs {@code MailClientApp scenario}. */
    public Result run(Path scenario) {
        return runMain(scenario.toAbsolutePath().toString());
    }

    /** Writes the scenario to a temp file and runs it. */
    public Result run(Scenario scenario) {
        return run(scenario.writeTemp());
    }

    /** Runs the main class with these arguments. */
    public Result runMain(String... args) {
        List<String> cmd = command(args);
        long start = System.nanoTime();
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("forked-jvm", ".out");
            stderr = Files.createTempFile("forked-jvm", ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File(isWindows() ? "NUL" : "/dev/null")));
            if (workingDirectory != null) {
                pb.directory(workingDirectory.toFile());
            }
            pb.environment().putAll(environment);
            Process process = pb.start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            int exit = finished ? process.exitValue() : -1;
            String out = Files.readString(stdout, StandardCharsets.UTF_8);
            String err = Files.readString(stderr, StandardCharsets.UTF_8);
            return new Result(cmd, exit, !finished, out, err, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + cmd, e);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // temp file
            }
        }
    }

    /**
     * Outcome of a forked run.
     *
     * @param results the {@code RESULT } lines of stdout without the prefix, e.g. {@code "send 1 ok"}
     */
    public record Result(List<String> command, int exitCode, boolean timedOut, String stdout, String stderr,
                         Duration elapsed, List<String> results) {

        public Result(List<String> command, int exitCode, boolean timedOut, String stdout, String stderr,
                      Duration elapsed) {
            this(command, exitCode, timedOut, stdout, stderr, elapsed, parseResults(stdout));
        }

        public Result {
            command = List.copyOf(command);
            results = List.copyOf(results);
        }

        /** Parses the {@code RESULT ...} lines of MailClientApp output. */
        public static List<String> parseResults(String stdout) {
            List<String> r = new ArrayList<>();
            for (String line : stdout.split("\r?\n")) {
                if (line.startsWith("RESULT ")) {
                    r.add(line.substring(7));
                }
            }
            return r;
        }

        /** Results without the "api ..." and "done" lines. */
        public List<String> outcomes() {
            return results.stream().filter(l -> !l.startsWith("api ") && !l.equals("done")).toList();
        }

        /** Exit 0, not timed out, "done" printed and no result line contains " error". */
        public boolean allOk() {
            return exitCode == 0 && !timedOut && results.contains("done")
                    && results.stream().noneMatch(l -> l.contains(" error") || l.startsWith("fatal"));
        }

        /** Human readable dump for assertion messages. */
        public String describe() {
            return "exit=" + exitCode + (timedOut ? " TIMED OUT" : "") + " in " + elapsed.toMillis() + " ms\n"
                    + "command: " + String.join(" ", command) + "\n--- stdout ---\n" + stdout
                    + "--- stderr ---\n" + stderr;
        }

        @Override
        public String toString() {
            return "Result[exit=" + exitCode + ", timedOut=" + timedOut + ", results=" + results + "]";
        }
    }
}
