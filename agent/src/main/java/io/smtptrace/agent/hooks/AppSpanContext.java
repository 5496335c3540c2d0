package io.smtptrace.agent.hooks;

import io.smtptrace.agent.capture.ParentRef;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Reads the calling thread's current OpenTelemetry span without linking the application's classes into the agent:
 * <ol>
 * <li>the application's own {@code io.opentelemetry.api} (its SDK, or the OpenTelemetry Java agent bridging it), found
 *     through the thread's context class loader, else the mail library's loader: {@code Span.current().getSpanContext()};
 * <li>else the OpenTelemetry Java agent 2.x's own context, which lives on the boot class path under its shaded
 *     package ({@code io.opentelemetry.javaagent.bootstrap.Java8BytecodeBridge.currentSpan()}): an application
 *     instrumented by that agent need not have the API on its class path at all.
 * </ol>
 * The method handles are resolved once per class loader (weakly held, so an undeployed web application's loader is
 * not kept) and once for the boot path; a loader without the API is remembered as such. Any failure means "no parent".
 */
public final class AppSpanContext implements ParentSource {

    /**
     * Package names are assembled at run time: the shade plugin rewrites every string constant that starts with
     * {@code io.opentelemetry} to the agent's relocated copy, and these must name the application's classes.
     */
    private static final String OTEL = String.join(".", "io", "opentelemetry");
    static final String APP_SPAN = OTEL + ".api.trace.Span";
    static final String APP_SPAN_CONTEXT = OTEL + ".api.trace.SpanContext";
    static final String AGENT_BRIDGE = OTEL + ".javaagent.bootstrap.Java8BytecodeBridge";
    static final String AGENT_SPAN = OTEL + ".javaagent.shaded." + OTEL + ".api.trace.Span";
    static final String AGENT_SPAN_CONTEXT = OTEL + ".javaagent.shaded." + OTEL + ".api.trace.SpanContext";

    /** A loader where the API cannot be used. */
    private static final Accessor NONE = new Accessor(null, null, null, null, null, null);

    private final Map<ClassLoader, Accessor> byLoader = new WeakHashMap<>();
    /** The last loader asked about and its answer: most applications have one, so most calls stop here. */
    private volatile Last last = new Last(null, NONE);
    private volatile Accessor agentBridge;

    @Override
    public ParentRef current(Object transport) {
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader == null) {
                loader = transport.getClass().getClassLoader();
            }
            ParentRef p = accessorFor(loader).current();
            if (p != null) {
                return p;
            }
            ClassLoader lib = transport.getClass().getClassLoader();
            if (lib != loader && lib != null) {
                p = accessorFor(lib).current();
                if (p != null) {
                    return p;
                }
            }
            return agentBridge().current();
        } catch (Throwable t) {
            return null;
        }
    }

    private Accessor accessorFor(ClassLoader loader) {
        if (loader == null) {
            return NONE;
        }
        Last l = last;
        if (l.loader.get() == loader) {
            return l.accessor;
        }
        Accessor a;
        synchronized (byLoader) {
            a = byLoader.get(loader);
        }
        if (a == null) {
            // resolved outside the lock: loading classes takes the loader's lock, which a thread waiting for ours may
            // hold (a static initializer that sends mail); two threads may resolve at once, both answers are equal
            a = resolve(loader, APP_SPAN, APP_SPAN_CONTEXT, null);
            synchronized (byLoader) {
                byLoader.put(loader, a);
            }
        }
        last = new Last(loader, a);
        return a;
    }

    private Accessor agentBridge() {
        Accessor a = agentBridge;
        if (a == null) {
            // resolved on the first operation, when every -javaagent's premain has run (the OpenTelemetry agent may be
            // listed after this one)
            a = resolve(null, AGENT_SPAN, AGENT_SPAN_CONTEXT, AGENT_BRIDGE);
            agentBridge = a;
        }
        return a;
    }

    /**
     * @param bridge a class with a static {@code currentSpan()}, or null to use {@code Span.current()}
     */
    static Accessor resolve(ClassLoader loader, String spanName, String contextName, String bridge) {
        try {
            Class<?> span = Class.forName(spanName, false, loader);
            Class<?> ctx = Class.forName(contextName, false, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle current = bridge == null
                    ? lookup.findStatic(span, "current", MethodType.methodType(span))
                    : lookup.findStatic(Class.forName(bridge, false, loader), "currentSpan", MethodType.methodType(span));
            MethodType toObject = MethodType.methodType(Object.class, Object.class);
            return new Accessor(
                    current.asType(MethodType.methodType(Object.class)),
                    lookup.findVirtual(span, "getSpanContext", MethodType.methodType(ctx)).asType(toObject),
                    lookup.findVirtual(ctx, "isValid", MethodType.methodType(boolean.class))
                            .asType(MethodType.methodType(boolean.class, Object.class)),
                    lookup.findVirtual(ctx, "isSampled", MethodType.methodType(boolean.class))
                            .asType(MethodType.methodType(boolean.class, Object.class)),
                    lookup.findVirtual(ctx, "getTraceId", MethodType.methodType(String.class))
                            .asType(MethodType.methodType(String.class, Object.class)),
                    lookup.findVirtual(ctx, "getSpanId", MethodType.methodType(String.class))
                            .asType(MethodType.methodType(String.class, Object.class)));
        } catch (Throwable t) {
            return NONE; // no API there (the usual case), or one this code cannot use: no parent from it
        }
    }

    static final class Accessor {
        private final MethodHandle currentSpan;
        private final MethodHandle getSpanContext;
        private final MethodHandle isValid;
        private final MethodHandle isSampled;
        private final MethodHandle traceId;
        private final MethodHandle spanId;

        Accessor(MethodHandle currentSpan, MethodHandle getSpanContext, MethodHandle isValid, MethodHandle isSampled,
                 MethodHandle traceId, MethodHandle spanId) {
            this.currentSpan = currentSpan;
            this.getSpanContext = getSpanContext;
            this.isValid = isValid;
            this.isSampled = isSampled;
            this.traceId = traceId;
            this.spanId = spanId;
        }

        ParentRef current() throws Throwable {
            if (currentSpan == null) {
                return null;
            }
            Object span = (Object) currentSpan.invokeExact();
            if (span == null) {
                return null;
            }
            Object ctx = (Object) getSpanContext.invokeExact(span);
            if (ctx == null || !(boolean) isValid.invokeExact(ctx)) {
                return null;
            }
            return ParentRef.of((String) traceId.invokeExact(ctx), (String) spanId.invokeExact(ctx),
                    (boolean) isSampled.invokeExact(ctx));
        }
    }

    private static final class Last {
        final java.lang.ref.WeakReference<ClassLoader> loader;
        final Accessor accessor;

        Last(ClassLoader loader, Accessor accessor) {
            this.loader = new java.lang.ref.WeakReference<>(loader);
            this.accessor = accessor;
        }
    }
}
