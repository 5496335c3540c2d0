package io.smtptrace.agent.export;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.smtptrace.agent.capture.ParentRef;

/**
 * The span contexts an operation's span refers to when the application had a span current (issue #11): the
 * application's span (the parent when sampled, else a link) and the connection's connect span (the link of a later
 * operation parented to the application's span). SMTP capture never depends on the application's sampling: an
 * unsampled application span is never a parent, since the agent's spans would then be dropped with it.
 */
final class SpanParentage {

    private SpanParentage() {
    }

    static SpanContext spanContext(ParentRef p) {
        return SpanContext.createFromRemoteParent(p.traceId, p.spanId,
                p.sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
    }
}
