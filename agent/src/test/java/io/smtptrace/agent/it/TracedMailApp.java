package io.smtptrace.agent.it;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.logging.otlp.internal.traces.OtlpStdoutSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * {@link PlainMailApp}'s two requests, each inside an application span made through the application's own
 * opentelemetry-api, printed as {@code APP <name> <trace id> <span id> <sampled>}. Usage:
 * {@code TracedMailApp MODE host port user [spans.jsonl]} (password: see PlainMailApp), MODE one of
 * {@code sdk} (the application's own SDK, always sampled, its spans written as OTLP JSON lines to spans.jsonl),
 * {@code sdk-unsampled} (its own SDK sampling nothing), {@code global} (GlobalOpenTelemetry: the OpenTelemetry Java
 * agent's, bridged), {@code none} (the API on the class path, no span).
 */
public final class TracedMailApp {

    interface Request {
        void run() throws Exception;
    }

    public static void main(String[] a) throws Exception {
        String mode = a[0];
        PlainMailApp app = new PlainMailApp(Arrays.copyOfRange(a, 1, 4));
        SdkTracerProvider sdk = null;
        OutputStream spans = null;
        Tracer tracer;
        switch (mode) {
            case "sdk":
            case "sdk-unsampled":
                spans = new FileOutputStream(a[4]);
                sdk = SdkTracerProvider.builder()
                        .setSampler(mode.equals("sdk") ? Sampler.alwaysOn() : Sampler.alwaysOff())
                        .setResource(Resource.getDefault().toBuilder().put("service.name", "traced-app").build())
                        .addSpanProcessor(SimpleSpanProcessor.create(OtlpStdoutSpanExporter.builder()
                                .setOutput(spans).setWrapperJsonObject(true).build()))
                        .build();
                tracer = sdk.get("traced-app");
                break;
            case "global":
                tracer = GlobalOpenTelemetry.getTracer("traced-app");
                break;
            default:
                tracer = null;
        }
        request(tracer, "request-1", app::request1);
        request(tracer, "request-2", app::request2);
        app.close();
        if (sdk != null) {
            sdk.shutdown().join(10, TimeUnit.SECONDS);
            spans.close();
        }
        String awaitFile = System.getProperty("app.awaitTraceFile");
        if (awaitFile != null) {
            // live until the agent has written its spans while running (not at exit): its resource is then the detected one
            java.nio.file.Path f = java.nio.file.Path.of(awaitFile);
            long until = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < until && (!java.nio.file.Files.exists(f) || java.nio.file.Files.size(f) == 0)) {
                Thread.sleep(50);
            }
        }
        System.out.println("RESULT done");
    }

    private static void request(Tracer tracer, String name, Request r) throws Exception {
        if (tracer == null) {
            r.run();
            return;
        }
        Span span = tracer.spanBuilder(name).setSpanKind(SpanKind.SERVER).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            r.run();
        } finally {
            span.end();
        }
        SpanContext c = span.getSpanContext();
        System.out.println("APP " + name + " " + c.getTraceId() + " " + c.getSpanId() + " " + c.isSampled());
    }
}
