package io.smtptrace.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.cert.Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether "-" may be read: the launcher's word, else what file descriptor 0 is (a test JVM's stdin is a pipe or a device). */
class StdinCheckTest {
    @Test
    void theLaunchersWordDecides() {
        String before = System.getProperty("smtptrace.stdin");
        try {
            System.setProperty("smtptrace.stdin", "closed");
            assertThat(StdinCheck.closedAtStart()).isTrue();
            System.setProperty("smtptrace.stdin", "open");
            assertThat(StdinCheck.closedAtStart()).isFalse();
            System.clearProperty("smtptrace.stdin");
            assertThat(StdinCheck.closedAtStart()).as("this JVM's stdin is none of its own files").isFalse();
        } finally {
            if (before == null) System.clearProperty("smtptrace.stdin");
            else System.setProperty("smtptrace.stdin", before);
        }
    }

    @TempDir
    Path dir;

    private static CodeSource jar(Path p) throws Exception {
        return new CodeSource(p.toUri().toURL(), (Certificate[]) null);
    }

    /**
     * With stdin closed at start, fd 0 is the first file the JVM opened: one under its home ({@code lib/modules}) or
     * the analyzer's jar. Any other regular file (a redirect {@code < file}), a pipe or a device is a real stdin.
     */
    @Test
    void fdZeroIsClosedWhenItIsOneOfTheJvmsOwnFiles() throws Exception {
        Path home = Files.createDirectories(dir.resolve("jdk"));
        Path modules = Files.createFile(Files.createDirectories(home.resolve("lib")).resolve("modules"));
        Path analyzer = Files.createFile(dir.resolve("smtp-trace-analyzer.jar"));
        Path redirected = Files.createFile(dir.resolve("trace.jsonl"));
        Path fd0 = dir.resolve("fd0");

        assertThat(StdinCheck.closedAtStart("closed", dir.resolve("nothing"), home.toString(), null)).isTrue();
        assertThat(StdinCheck.closedAtStart(null, dir.resolve("nothing"), home.toString(), jar(analyzer))).as("no fd 0 at all").isFalse();

        Files.createSymbolicLink(fd0, modules);
        assertThat(StdinCheck.closedAtStart(null, fd0, home.toString(), jar(analyzer))).as("lib/modules").isTrue();
        assertThat(StdinCheck.closedAtStart("open", fd0, home.toString(), null)).as("only 'closed' is the launcher's word for it").isTrue();
        Files.delete(fd0);

        Files.createSymbolicLink(fd0, analyzer);
        assertThat(StdinCheck.closedAtStart(null, fd0, home.toString(), jar(analyzer))).as("the jar").isTrue();
        assertThat(StdinCheck.closedAtStart(null, fd0, home.toString(), null)).as("no code source known").isFalse();
        assertThat(StdinCheck.closedAtStart(null, fd0, home.toString(), new CodeSource(new URL("http://example.com/a.jar"), (Certificate[]) null)))
                .as("a code source that is no file").isFalse();
        Files.delete(fd0);

        Files.createSymbolicLink(fd0, redirected);
        assertThat(StdinCheck.closedAtStart(null, fd0, home.toString(), jar(analyzer))).as("< trace.jsonl").isFalse();
        Files.delete(fd0);

        Files.createSymbolicLink(fd0, home.resolve("lib"));
        assertThat(StdinCheck.closedAtStart(null, fd0, home.toString(), jar(analyzer))).as("a directory is no file the JVM opened").isFalse();
        Files.delete(fd0);

        Files.createSymbolicLink(fd0, dir.resolve("gone"));
        assertThat(StdinCheck.closedAtStart(null, fd0, home.toString(), jar(analyzer))).as("a link to nothing").isFalse();
    }
}
