package io.smtptrace.analyzer.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard input was closed when the JVM started ({@code smtp-trace analyze - <&-}). Then file descriptor 0 is
 * free and the JVM's first open file takes it (the JDK's {@code lib/modules}, or the jar): reading "stdin" would
 * analyse that file. The launcher script tells us directly ({@code -Dsmtptrace.stdin=closed}); started with plain
 * {@code java -jar}, fd 0 is recognised on Linux as one of the JVM's own files.
 */
public final class StdinCheck {
    private StdinCheck() {}

    public static boolean closedAtStart() {
        return closedAtStart(System.getProperty("smtptrace.stdin"), Path.of("/proc/self/fd/0"), System.getProperty("java.home"),
                StdinCheck.class.getProtectionDomain().getCodeSource());
    }

    /** The same decision on given facts: the launcher's word, fd 0's link, the JVM's home and the analyzer's jar. */
    static boolean closedAtStart(String launcher, Path fd0, String javaHome, java.security.CodeSource jar) {
        if ("closed".equals(launcher)) return true;
        try {
            if (!Files.exists(fd0)) return false;
            Path target = fd0.toRealPath();
            if (!Files.isRegularFile(target)) return false;
            Path home = Path.of(javaHome).toRealPath();
            if (target.startsWith(home)) return true;
            return jar != null && target.equals(Path.of(jar.getLocation().toURI()).toRealPath());
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            return false;
        }
    }
}
