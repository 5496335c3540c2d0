package io.smtptrace.agent.export;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import io.smtptrace.agent.AgentConfig;
import io.smtptrace.agent.AgentLog;
import io.smtptrace.agent.AgentThreads;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Detecting the resource ({@link AgentResource}) takes a few hundred milliseconds on a busy machine (the process
 * detector loads java.management, the container detector reads /proc): it starts on a thread of its own as soon as
 * the export thread does, so neither an application thread nor the JVM's exit waits for it. At exit, a detection still
 * running is not waited for: the spans then carry the configured resource alone ({@code otel.service.name},
 * {@code otel.resource.attributes}).
 */
final class LazyResource {

    /** Outside exit, how long the exporter's start may wait for the detection before going on without it. */
    static final long WAIT_MS = 5000;
    /** Detection starts this long after the first operation (the export thread's start). */
    static final long START_DELAY_MS = 1000;

    private final ConfigProperties config;
    private final AgentConfig agentConfig;
    private final CompletableFuture<Resource> detected = new CompletableFuture<>();

    LazyResource(AgentConfig agentConfig) {
        this.config = DefaultConfigProperties.createFromMap(AgentResource.settings(agentConfig));
        this.agentConfig = agentConfig;
    }

    /** Detection has ended (with a resource or, having failed, the configured one). */
    boolean isDone() {
        return detected.isDone();
    }

    /** Starts the detection; null if even that failed (then the SDK's own resource, made safe, is used). */
    static LazyResource start(AgentConfig agentConfig) {
        try {
            LazyResource r = new LazyResource(agentConfig);
            r.startDetection();
            return r;
        } catch (Throwable t) {
            AgentLog.debug("resource detection not started: " + t);
            return null;
        }
    }

    void startDetection() {
        Thread t = AgentThreads.newThread("resource", () -> {
            try {
                // not beside the application's first sends on a small machine: a short job exits before this ends
                // and its spans carry the configured resource (issue #14, start-up and exit)
                Thread.sleep(START_DELAY_MS);
            } catch (InterruptedException e) {
                return;
            }
            long t0 = System.nanoTime();
            try {
                detected.complete(AgentResource.of(config));
                AgentLog.debug("resource detected in " + (System.nanoTime() - t0) / 1000 + " µs");
            } catch (Throwable e) {
                detected.complete(configuredOnly());
            }
        });
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** The detected resource; at exit (or if detection hangs) the configured one, without waiting. */
    Resource get(boolean atExit) {
        if (atExit) {
            Resource r = detected.getNow(null);
            if (r == null) {
                AgentLog.debug("resource detection not finished at exit: the configured resource is used");
                return configuredOnly();
            }
            return r;
        }
        try {
            return detected.get(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return configuredOnly();
        }
    }

    Resource configuredOnly() {
        return AgentResource.resource(agentConfig);
    }
}
