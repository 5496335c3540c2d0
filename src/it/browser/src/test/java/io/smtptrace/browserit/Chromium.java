package io.smtptrace.browserit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Debian's headless chromium, started by the test with a throw-away profile directory and the DevTools protocol on a
 * loopback port the browser picks itself (read back from its "DevTools listening on ws://127.0.0.1:PORT/..." line), spoken
 * over the JDK's own WebSocket client: no driver, no extra download. The host's own browser and profiles are never used.
 */
final class Chromium implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();
    private final List<String> stderrTail = new CopyOnWriteArrayList<>();

    /** chromium (or $CHROMIUM_BIN) on the PATH, when installed. */
    static Optional<Path> executable() {
        String env = System.getenv("CHROMIUM_BIN");
        if (env != null && Files.isExecutable(Path.of(env))) return Optional.of(Path.of(env));
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            for (String name : new String[] {"chromium", "chromium-browser"}) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static Chromium start(Path exe, Path profile) throws IOException, InterruptedException {
        // root (CI containers) cannot use chromium's sandbox; a user without user namespaces cannot either
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            return start(exe, profile, root);
        } catch (IOException e) {
            if (root) throw e;
            System.err.println("NOTE: chromium did not start with its sandbox (" + e.getMessage().lines().findFirst().orElse("") + "); retrying without");
            return start(exe, profile, true);
        }
    }

    private static Chromium start(Path exe, Path profile, boolean noSandbox) throws IOException, InterruptedException {
        Files.createDirectories(profile);
        List<String> cmd = new ArrayList<>(List.of(exe.toString(), "--headless", "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check",
                "--disable-gpu", "--disable-extensions", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-default-apps", "--mute-audio", "--hide-scrollbars", "--font-render-hinting=none",
                "--disable-features=Translate,MediaRouter,OptimizationHints", "about:blank"));
        // the pages opened are local report files written by the test itself
        if (noSandbox) cmd.add(1, "--no-sandbox");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> wsUrl = new CompletableFuture<>();
        List<String> tail = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    int i = line.indexOf("DevTools listening on ");
                    if (i >= 0) wsUrl.complete(line.substring(i + "DevTools listening on ".length()).trim());
                    if (tail.size() > 50) tail.remove(0);
                    tail.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
            wsUrl.completeExceptionally(new IOException("chromium exited before DevTools was ready: " + String.join("\n", tail)));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        String url;
        try {
            url = wsUrl.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("chromium did not start DevTools: " + e.getMessage() + "\n" + String.join("\n", tail), e);
        }
        if (!URI.create(url).getHost().equals("127.0.0.1")) throw new IOException("DevTools not on loopback: " + url);
        return new Chromium(p, profile, url, tail);
    }

    private Chromium(Process process, Path profile, String url, List<String> tail) throws InterruptedException {
        this.process = process;
        this.profile = profile;
        this.stderrTail.addAll(tail);
        StringBuilder buf = new StringBuilder();
        try {
            this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20))
                    .buildAsync(URI.create(url), new WebSocket.Listener() {
                        @Override
                        public java.util.concurrent.CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            buf.append(data);
                            if (last) {
                                String msg = buf.toString();
                                buf.setLength(0);
                                dispatch(msg);
                            }
                            ws.request(1);
                            return null;
                        }
                    }).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("cannot connect to DevTools at " + url, e);
        }
    }

    private void dispatch(String msg) {
        try {
            JsonNode n = JSON.readTree(msg);
            if (n.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(n.get("id").asInt());
                if (f == null) return;
                if (n.has("error")) f.completeExceptionally(new IllegalStateException("DevTools error: " + n.get("error")));
                else f.complete(n.get("result"));
            } else {
                for (Consumer<JsonNode> l : listeners) l.accept(n);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void onEvent(Consumer<JsonNode> l) {
        listeners.add(l);
    }

    /** One DevTools command; {@code sessionId} null for the browser target. */
    JsonNode call(String sessionId, String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", params == null ? JSON.createObjectNode() : params);
        if (sessionId != null) msg.put("sessionId", sessionId);
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        synchronized (socket) {
            socket.sendText(msg.toString(), true).join();
        }
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(method + " failed: " + e.getMessage(), e);
        }
    }

    static ObjectNode params(Object... kv) {
        ObjectNode o = JSON.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) o.set((String) kv[i], JSON.valueToTree(kv[i + 1]));
        return o;
    }

    /** A new tab with its own DevTools session, recording console errors, exceptions, dialogs and requests. */
    BrowserPage newPage(int width, int height) {
        String target = call(null, "Target.createTarget", params("url", "about:blank")).get("targetId").asText();
        String session = call(null, "Target.attachToTarget", params("targetId", target, "flatten", true)).get("sessionId").asText();
        return new BrowserPage(this, target, session, width, height);
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        } catch (RuntimeException ignored) {
            // the browser may be gone already
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(profile);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile; the OS cleans /tmp
        }
    }
}
