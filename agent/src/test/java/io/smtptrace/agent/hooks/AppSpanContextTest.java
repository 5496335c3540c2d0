package io.smtptrace.agent.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.smtptrace.agent.capture.Clock;
import io.smtptrace.agent.capture.EnvelopePrivacy;
import io.smtptrace.agent.capture.Operation;
import io.smtptrace.agent.capture.ParentRef;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The calling thread's span, read through the OpenTelemetry API the thread's class loader sees (in these tests the
 * same API the agent's classes use, unshaded; in the agent jar the names differ, which the forked ITs cover).
 */
class AppSpanContextTest {

    private final AppSpanContext lookup = new AppSpanContext();

    @Test
    void noSpanNoParent() {
        assertThat(lookup.current(new Object())).isNull();
    }

    @Test
    void theCurrentSampledSpanOfTheApplication() {
        SdkTracerProvider sdk = SdkTracerProvider.builder().build();
        Span span = sdk.get("app").spanBuilder("checkout").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            ParentRef p = lookup.current(new Object());
            assertThat(p).isNotNull();
            assertThat(p.traceId).isEqualTo(span.getSpanContext().getTraceId());
            assertThat(p.spanId).isEqualTo(span.getSpanContext().getSpanId());
            assertThat(p.sampled).isTrue();
            // answered from the per-loader cache the second time, same answer
            assertThat(lookup.current(new Object()).spanId).isEqualTo(p.spanId);
        } finally {
            span.end();
        }
        assertThat(lookup.current(new Object())).isNull();
    }

    @Test
    void anUnsampledSpanIsReportedAsSuch() {
        SdkTracerProvider sdk = SdkTracerProvider.builder().setSampler(Sampler.alwaysOff()).build();
        Span span = sdk.get("app").spanBuilder("checkout").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            ParentRef p = lookup.current(new Object());
            assertThat(p.sampled).isFalse();
            assertThat(p.traceId).isEqualTo(span.getSpanContext().getTraceId());
        }
    }

    @Test
    void anInvalidSpanContextIsNoParent() {
        Span invalid = Span.wrap(SpanContext.getInvalid());
        try (Scope ignored = invalid.makeCurrent()) {
            assertThat(lookup.current(new Object())).isNull();
        }
    }

    @Test
    void aLoaderWithoutTheApiGivesNoParentAndIsRemembered() throws Exception {
        Span span = Span.wrap(SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                TraceFlags.getSampled(), TraceState.getDefault()));
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null); Scope ignored = span.makeCurrent()) {
            t.setContextClassLoader(empty);
            // neither the context loader nor the transport's (the boot loader's Object) sees an API: no parent
            assertThat(lookup.current(new Object())).isNull();
            assertThat(lookup.current(new Object())).isNull();
            // the transport's own loader is asked next (a mail library in a loader that sees the API)
            assertThat(lookup.current(new AppSpanContextTest())).isNotNull();
        } finally {
            t.setContextClassLoader(before);
        }
    }

    @Test
    void theHooksGiveEachNewOperationTheApplicationSpan() {
        List<Operation> ops = new ArrayList<>();
        AgentHooks hooks = new AgentHooks(ops::add, Clock.SYSTEM, EnvelopePrivacy.DOMAIN, lookup);
        Object transport = new Object();
        Span span = Span.wrap(SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                TraceFlags.getSampled(), TraceState.getDefault()));
        try (Scope ignored = span.makeCurrent()) {
            hooks.operationEnter(transport, "protocolConnect");
            hooks.connectStart(transport, "mx.example", 25, false);
            hooks.reply(transport, 220, "220 hi\n", null);
            hooks.connectEnd(transport, null, null);
            hooks.operationExit(transport, "protocolConnect", null);
        }
        hooks.operationEnter(transport, "close");
        hooks.command(transport, "QUIT".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        hooks.reply(transport, 221, "221 bye\n", null);
        hooks.connectionClosed(transport);
        hooks.operationExit(transport, "close", null);
        assertThat(ops).hasSize(2);
        assertThat(ops.get(0).parent().traceId).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(ops.get(0).parent().spanId).isEqualTo("b7ad6b7169203331");
        assertThat(ops.get(0).connection.connectParent()).isSameAs(ops.get(0).parent());
        assertThat(ops.get(1).parent()).isNull();
    }

    @Test
    void malformedIdsAreNoParent() {
        assertThat(ParentRef.of("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", true)).isNotNull();
        assertThat(ParentRef.of("00000000000000000000000000000000", "b7ad6b7169203331", true)).isNull();
        assertThat(ParentRef.of("0af7651916cd43dd8448eb211c80319c", "0000000000000000", true)).isNull();
        assertThat(ParentRef.of("0AF7651916CD43DD8448EB211C80319C", "b7ad6b7169203331", true)).isNull();
        assertThat(ParentRef.of("0af7651916cd43dd8448eb211c80319", "b7ad6b7169203331", true)).isNull();
        assertThat(ParentRef.of(null, "b7ad6b7169203331", true)).isNull();
    }
}
