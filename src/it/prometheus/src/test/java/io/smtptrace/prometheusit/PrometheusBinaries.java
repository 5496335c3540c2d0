package io.smtptrace.prometheusit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where {@code prometheus} and {@code promtool} are: the project's own copy extracted by src/it/prometheus/setup.sh
 * ({@code -Dsmtptrace.prometheusHome}, default /opt/smtp-trace-it/prometheus), else the PATH. Without them the suite is
 * skipped with a note, except on CI ({@code CI=true}), where that is a failure.
 */
record PrometheusBinaries(Path prometheus, Path promtool) {

    static Optional<PrometheusBinaries> find() {
        Path home = Path.of(System.getProperty("smtptrace.prometheusHome", "/opt/smtp-trace-it/prometheus"));
        Optional<Path> server = locate(home, "prometheus");
        Optional<Path> tool = locate(home, "promtool");
        return server.isPresent() && tool.isPresent() ? Optional.of(new PrometheusBinaries(server.get(), tool.get())) : Optional.empty();
    }

    private static Optional<Path> locate(Path home, String name) {
        Path own = home.resolve("usr/bin").resolve(name);
        if (Files.isExecutable(own)) return Optional.of(own);
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The binaries, or a skip (a failure on CI) that says how to get them. */
    static PrometheusBinaries required() {
        Optional<PrometheusBinaries> found = find();
        String why = "prometheus/promtool not found (neither in " + System.getProperty("smtptrace.prometheusHome",
                "/opt/smtp-trace-it/prometheus") + "/usr/bin nor on the PATH); install them with `sudo bash src/it/prometheus/setup.sh`";
        if (found.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) fail(why + " (CI=true: the Prometheus suite must run)");
        if (found.isEmpty()) System.err.println("NOTE: Prometheus suite skipped: " + why);
        assumeTrue(found.isPresent(), "SKIPPED: " + why);
        return found.get();
    }
}
