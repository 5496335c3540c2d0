package io.smtptrace.browserit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;

/** One tab: loads a page, evaluates expressions, takes screenshots, and records what must not happen. */
final class BrowserPage implements AutoCloseable {
    private final Chromium browser;
    private final String target;
    private final String session;
    private volatile boolean loaded;
    /** console errors/warnings, uncaught exceptions and browser log errors (CSP violations land there) */
    final List<String> errors = new CopyOnWriteArrayList<>();
    final List<String> dialogs = new CopyOnWriteArrayList<>();
    final List<String> requests = new CopyOnWriteArrayList<>();

    BrowserPage(Chromium browser, String target, String session, int width, int height) {
        this.browser = browser;
        this.target = target;
        this.session = session;
        browser.onEvent(this::event);
        call("Page.enable");
        call("Runtime.enable");
        call("Log.enable");
        call("Network.enable");
        size(width, height);
    }

    private void event(JsonNode n) {
        if (!session.equals(n.path("sessionId").asText())) return;
        JsonNode p = n.path("params");
        switch (n.path("method").asText()) {
            case "Page.loadEventFired" -> loaded = true;
            case "Runtime.consoleAPICalled" -> {
                String type = p.path("type").asText();
                if (type.equals("error") || type.equals("warning") || type.equals("assert")) errors.add("console." + type + ": " + p.path("args"));
            }
            case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails"));
            case "Log.entryAdded" -> {
                String level = p.path("entry").path("level").asText();
                if (level.equals("error") || level.equals("warning")) errors.add("log." + level + ": " + p.path("entry").path("text").asText()
                        + " " + p.path("entry").path("url").asText());
            }
            case "Network.requestWillBeSent" -> requests.add(p.path("request").path("url").asText());
            case "Page.javascriptDialogOpening" -> {
                dialogs.add(p.path("type").asText() + ": " + p.path("message").asText());
                // answered on another thread: the page is blocked until then, and this listener runs on the socket's thread
                new Thread(() -> call("Page.handleJavaScriptDialog", "accept", false)).start();
            }
            default -> { }
        }
    }

    JsonNode call(String method, Object... params) {
        return browser.call(session, method, Chromium.params(params));
    }

    void size(int width, int height) {
        call("Emulation.setDeviceMetricsOverride", "width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600);
    }

    /** Opens the file and waits until the report says it has rendered ({@code body[data-ready]}). Returns milliseconds. */
    long open(Path file, String fragment) throws InterruptedException {
        loaded = false;
        long t0 = System.nanoTime();
        call("Page.navigate", "url", file.toUri() + (fragment == null ? "" : fragment));
        waitFor("document.readyState === 'complete' && document.body && document.body.getAttribute('data-ready') === 'true'", Duration.ofSeconds(60));
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Polls a boolean expression: the condition, not a fixed sleep, decides how long this takes. */
    void waitFor(String expression, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode r = eval(expression);
            if (r.asBoolean(false)) return;
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for: " + expression + "; errors: " + errors);
            Thread.sleep(50);
        }
    }

    /** Evaluates an expression and returns its value as JSON (objects and arrays by value). */
    JsonNode eval(String expression) {
        JsonNode r = call("Runtime.evaluate", "expression", expression, "returnByValue", true, "awaitPromise", true);
        if (r.has("exceptionDetails")) throw new AssertionError("evaluation failed: " + expression + " -> " + r.get("exceptionDetails"));
        return r.path("result").path("value");
    }

    /** A PNG of the page from {@code y} down, at most maxHeight pixels tall. */
    void screenshot(Path file, int y, int maxHeight) throws java.io.IOException {
        JsonNode m = eval("({w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight})");
        int h = Math.max(1, Math.min(maxHeight, m.path("h").asInt(800) - y));
        JsonNode r = call("Page.captureScreenshot", "format", "png", "captureBeyondViewport", true,
                "clip", java.util.Map.of("x", 0, "y", y, "width", m.path("w").asInt(1280), "height", h, "scale", 1));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(r.get("data").asText()));
    }

    @Override
    public void close() {
        try {
            browser.call(null, "Target.closeTarget", Chromium.params("targetId", target));
        } catch (RuntimeException ignored) {
            // already gone
        }
    }
}
