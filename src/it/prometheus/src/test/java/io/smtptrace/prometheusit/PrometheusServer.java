package io.smtptrace.prometheusit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Prometheus started by the test from the project's copy of Debian's package: its own configuration and data
 * directory (under target/), listening on a free loopback port, scraping its targets every second and evaluating the
 * given rule file every second; killed on close. A Prometheus the host runs is never touched.
 */
final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One series of an instant query's result: its labels and value. */
    record Sample(Map<String, String> labels, double value) {
    }

    private final Process process;
    private final Path log;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, Path log, URI base) {
        this.process = process;
        this.log = log;
        this.base = base;
    }

    static int freePort() throws IOException {
        return freePorts(1).get(0);
    }

    /** {@code n} distinct free ports: all held open together, since the kernel hands a just-closed port out again. */
    static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) open.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            return open.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : open) s.close();
        }
    }

    static PrometheusServer start(Path executable, Path dir, String job, List<Integer> targetPorts, Path ruleFile)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "  evaluation_interval: 1s",
                "rule_files:",
                "  - '" + ruleFile.toAbsolutePath() + "'",
                "scrape_configs:",
                "  - job_name: '" + job + "'",
                "    static_configs:",
                "      - targets: [" + String.join(", ", targetPorts.stream().map(p -> "'127.0.0.1:" + p + "'").toList()) + "]",
                ""));
        int port;
        do port = freePort(); while (targetPorts.contains(port)); // the targets may not listen yet
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(executable.toString(), "--config.file=" + config, "--storage.tsdb.path=" + data,
                "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.retention.time=1h")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(p, log, URI.create("http://127.0.0.1:" + port));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            if (!p.isAlive()) throw new IllegalStateException("prometheus exited at start:\n" + server.logTail());
            try {
                if (server.get("/-/ready").statusCode() == 200) return server;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        server.close();
        throw new IllegalStateException("prometheus not ready within 60 s:\n" + server.logTail());
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(20)).GET().build();
        return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** {@code /api/v1/query} at the current time; an error of Prometheus (bad expression) is an exception. */
    List<Sample> query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> r = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(r.body());
        if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IllegalArgumentException("query failed (" + r.statusCode() + "): " + promql + "\n" + r.body());
        }
        JsonNode data = body.path("data");
        List<Sample> out = new ArrayList<>();
        if ("scalar".equals(data.path("resultType").asText())) {
            out.add(new Sample(Map.of(), Double.parseDouble(data.path("result").get(1).asText())));
            return out;
        }
        for (JsonNode s : data.path("result")) {
            Map<String, String> labels = new java.util.TreeMap<>();
            s.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            out.add(new Sample(labels, Double.parseDouble(s.path("value").get(1).asText())));
        }
        return out;
    }

    /** Polls the query every 200 ms until its result satisfies the condition, or fails with the last result. */
    List<Sample> awaitQuery(String promql, Predicate<List<Sample>> condition, Duration timeout, String what)
            throws IOException, InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        List<Sample> last;
        do {
            last = query(promql);
            if (condition.test(last)) return last;
            if (!process.isAlive()) throw new IllegalStateException("prometheus exited:\n" + logTail());
            Thread.sleep(200);
        } while (System.nanoTime() < until);
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + "; last result of "
                + promql + ": " + last + "\nscrape targets: " + get("/api/v1/targets").body());
    }

    /** The {@code /api/v1/alerts} list: each active alert's labels and state (pending or firing). */
    JsonNode alerts() throws IOException, InterruptedException {
        return JSON.readTree(get("/api/v1/alerts").body()).path("data").path("alerts");
    }

    /** {@code /api/v1/rules}: the groups Prometheus loaded, with each rule's health and last error. */
    JsonNode rules() throws IOException, InterruptedException {
        return JSON.readTree(get("/api/v1/rules").body()).path("data").path("groups");
    }

    /** {@code /api/v1/label/<name>/values} restricted to series matching the selector (a variable's label_values). */
    List<String> labelValues(String label, String match) throws IOException, InterruptedException {
        JsonNode body = JSON.readTree(get("/api/v1/label/" + label + "/values?match[]="
                + URLEncoder.encode(match, StandardCharsets.UTF_8)).body());
        List<String> out = new ArrayList<>();
        body.path("data").forEach(n -> out.add(n.asText()));
        return out;
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
