package io.smtptrace.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a user gets it: the archive unpacked into a temporary directory and run from another directory
 * with a clean environment (only JAVA_HOME and PATH, the JDK's bin/ and the system's): launcher, version, demo (which
 * must find the agent next to itself), analyze, sessions, explain, and every "Next:" command the demo prints.
 */
class DistributionIT {
    static final Path TARGET = Path.of(System.getProperty("smtptrace.dist.dir", "target"));
    static final String NAME = System.getProperty("smtptrace.dist.name", "smtp-trace-0.1.0-SNAPSHOT");
    static final String VERSION = System.getProperty("smtptrace.version", "0.1.0-SNAPSHOT");
    static final Path TAR = TARGET.resolve(NAME + ".tar.gz");
    static final Path ZIP = TARGET.resolve(NAME + ".zip");
    static final String JAVA_HOME = System.getProperty("java.home");

    @TempDir
    static Path tmp;
    static Path home;
    static Path elsewhere;

    @BeforeAll
    static void unpack() throws Exception {
        assertThat(TAR).isRegularFile();
        Path unpacked = Files.createDirectories(tmp.resolve("unpacked"));
        Result r = run(unpacked, Map.of("PATH", "/usr/bin:/bin"), "tar", "-xzf", TAR.toAbsolutePath().toString());
        assertThat(r.code).as(r.err).isZero();
        home = unpacked.resolve(NAME);
        elsewhere = Files.createDirectories(tmp.resolve("somewhere else"));
    }

    @Test
    void layout() throws IOException {
        assertThat(home.resolve("bin/smtp-trace")).isExecutable();
        assertThat(home.resolve("bin/smtp-trace.cmd")).isRegularFile();
        assertThat(home.resolve("agent/smtp-trace-agent.jar")).isRegularFile();
        assertThat(home.resolve("lib/smtp-trace-analyzer-" + VERSION + ".jar")).isRegularFile();
        assertThat(home.resolve("lib/picocli-4.7.7.jar")).isRegularFile();
        assertThat(home.resolve("completion/smtp-trace.bash")).isRegularFile();
        assertThat(home.resolve("README.md")).isRegularFile();
        // the Grafana dashboard and the Prometheus alert rules (README, Dashboards and alerts)
        assertThat(home.resolve("dashboards/smtp-trace.json")).isRegularFile();
        assertThat(home.resolve("dashboards/smtp-trace-alerts.yml")).isRegularFile();
        assertThat(Files.readString(home.resolve("LICENSE"))).contains("Apache License").contains("Version 2.0");
        // the analyzer's libraries and those shaded into the agent, each with its licence
        assertThat(Files.readString(home.resolve("THIRD-PARTY.txt")))
                .containsPattern("Apache.*picocli").containsPattern("Apache.*Byte Buddy").contains("OpenTelemetry")
                .contains("Jackson").contains("Angus Mail");
        assertThat(home.resolve("licenses/jackson-core-jar/META-INF/LICENSE")).isRegularFile();
    }

    @Test
    void eachArchiveHasAChecksumFileAndBothHoldTheSameFiles() throws Exception {
        for (Path archive : List.of(TAR, ZIP)) {
            String line = Files.readString(Path.of(archive + ".sha256")).trim();
            assertThat(line).isEqualTo(sha256(archive) + "  " + archive.getFileName());
        }
        Result list = run(TARGET, Map.of("PATH", "/usr/bin:/bin"), "tar", "-tzf", TAR.getFileName().toString());
        TreeSet<String> tarFiles = new TreeSet<>();
        for (String l : list.out.split("\n")) if (!l.endsWith("/")) tarFiles.add(l);
        TreeSet<String> zipFiles = new TreeSet<>();
        try (ZipFile z = new ZipFile(ZIP.toFile())) {
            for (var e : Collections.list(z.entries())) if (!e.isDirectory()) zipFiles.add(e.getName());
        }
        assertThat(zipFiles).isEqualTo(tarFiles).contains(NAME + "/bin/smtp-trace", NAME + "/agent/smtp-trace-agent.jar");
    }

    @Test
    void versionFromAnywhereAndThroughASymlink() throws Exception {
        Result r = smtpTrace("--version");
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out.trim()).isEqualTo("smtp-trace " + VERSION);
        Path link = elsewhere.resolve("st");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, home.resolve("bin/smtp-trace"));
        Result viaLink = run(elsewhere, cleanEnv(), link.toString(), "--version");
        assertThat(viaLink.out.trim()).as(viaLink.err).isEqualTo("smtp-trace " + VERSION);
    }

    @Test
    void demoThenAnalyzeSessionsExplainAndEveryNextHint() throws Exception {
        Path capture = tmp.resolve("capture");
        Result demo = smtpTrace("demo", "--keep", capture.toString(), "--lang", "en");
        assertThat(demo.code).as(demo.out + demo.err).isZero();
        assertThat(demo.err).isEmpty();
        assertThat(demo.out).contains("-javaagent:smtp-trace-agent.jar").contains("send without AUTH, attempt 3: failed: 530")
                .contains("send correctly: sent").contains("auth-required").contains("body-rejected-after-data");
        Path trace = capture.resolve("smtp-trace.jsonl");
        assertThat(trace).isRegularFile();

        Result analyze = smtpTrace("analyze", trace.toString());
        assertThat(analyze.code).as(analyze.err).isEqualTo(1);   // findings at error level: the demo's mistakes
        assertThat(analyze.out).contains("auth-required").contains("body-rejected-after-data");
        Result sessions = smtpTrace("sessions", trace.toString());
        assertThat(sessions.code).as(sessions.err).isZero();
        assertThat(sessions.out.split("\n")).hasSize(6);   // header + 5 connections
        Result explain = smtpTrace("explain", "530");
        assertThat(explain.code).as(explain.err).isZero();
        assertThat(explain.out).contains("530");

        // the launcher is not on PATH here, so the hints name it by its full path; each runs as printed, in a shell
        Matcher m = Pattern.compile("^Next \\(the trace is kept in (.+)\\):$", Pattern.MULTILINE).matcher(demo.out);
        assertThat(m.find()).as(demo.out).isTrue();
        assertThat(Path.of(m.group(1))).isEqualTo(capture.toAbsolutePath().normalize());
        List<String> hints = new ArrayList<>();
        for (String l : demo.out.substring(m.end()).split("\n")) if (l.startsWith("    ")) hints.add(l.trim());
        assertThat(hints).hasSize(4).allSatisfy(h -> assertThat(h).startsWith(home.resolve("bin/smtp-trace").toString()));
        for (String hint : hints) {
            Result r = run(elsewhere, cleanEnv(), "/bin/sh", "-c", hint);
            assertThat(r.err).as(hint).isEmpty();
            assertThat(r.code).as(hint).isIn(0, 1);
            assertThat(r.out).as(hint).isNotBlank();
        }
    }

    @Test
    void completionScriptLoadsInBash() throws Exception {
        Result r = run(elsewhere, cleanEnv(), "bash", "-c",
                "source '" + home.resolve("completion/smtp-trace.bash") + "' && complete -p smtp-trace");
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out).contains("smtp-trace");
    }

    private static Map<String, String> cleanEnv() {
        return Map.of("JAVA_HOME", JAVA_HOME, "PATH", JAVA_HOME + "/bin:/usr/bin:/bin");
    }

    private static Result smtpTrace(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/smtp-trace").toString());
        cmd.addAll(List.of(args));
        return run(elsewhere, cleanEnv(), cmd.toArray(String[]::new));
    }

    record Result(int code, String out, String err) {
    }

    static Result run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(List.of(command) + " did not finish in 180 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    static String sha256(Path f) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(f)) {
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
