package io.smtptrace.analyzer.cli;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How to run this analyzer again, as a command a user can paste: "Next:" hints must work as printed. {@code smtp-trace}
 * when that name on PATH is the launcher that started us; else the launcher's full path; else {@code java -jar JAR}.
 */
public final class Invocation {
    /** Set by the launchers (bin/smtp-trace, bin/smtp-trace.cmd, analyzer-cli/target/smtp-trace) to their own path. */
    static final String LAUNCHER_PROPERTY = "smtptrace.launcher";

    private Invocation() {}

    public static String command() {
        return command(System.getProperty(LAUNCHER_PROPERTY), System.getenv(), codeSource());
    }

    static String command(String launcher, Map<String, String> env, Path codeSource) {
        if (launcher != null && !launcher.isBlank()) {
            Path l = Path.of(launcher).toAbsolutePath().normalize();
            Path onPath = which(l.getFileName().toString(), env.getOrDefault("PATH", ""));
            if (onPath != null && sameFile(onPath, l)) {
                String name = l.getFileName().toString();
                return name.endsWith(".cmd") ? name.substring(0, name.length() - 4) : name;
            }
            return quote(l.toString());
        }
        if (codeSource != null && codeSource.toString().endsWith(".jar")) {
            return "java -jar " + quote(codeSource.toAbsolutePath().normalize().toString());
        }
        return "smtp-trace";
    }

    /** The jar (or classes directory) this class was loaded from; null if unknown. */
    static Path codeSource() {
        try {
            var cs = Invocation.class.getProtectionDomain().getCodeSource();
            return cs == null ? null : Path.of(cs.getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static Path which(String name, String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Quoted for a POSIX shell when it has anything but safe characters. */
    static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:@%+=,\\\\-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
