package io.smtptrace.bench;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** Tiny OTLP/HTTP receiver: 200 (empty protobuf response) to every POST /v1/traces; counts requests, bytes, spans named "SMTP send". */
final class OtlpReceiver implements AutoCloseable {

    private static final byte[] NEEDLE = "SMTP send".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    final AtomicLong requests = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong sendSpans = new AtomicLong();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/v1/traces", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                requests.incrementAndGet();
                bytes.addAndGet(body.length);
                sendSpans.addAndGet(count(body, NEEDLE));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        // once the agent exports metrics, they follow OTLP traces (issue #11): accept them, count nothing
        server.createContext("/v1/metrics", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "otlp-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void reset() {
        requests.set(0);
        bytes.set(0);
        sendSpans.set(0);
    }

    static long count(byte[] hay, byte[] needle) {
        long n = 0;
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    @SuppressWarnings("unused")
    private static void drain(OutputStream out) {
        // no body
    }
}
