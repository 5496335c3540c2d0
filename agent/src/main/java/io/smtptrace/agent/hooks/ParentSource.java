package io.smtptrace.agent.hooks;

import io.smtptrace.agent.capture.ParentRef;

/** Where an operation's application span comes from (the calling thread's OpenTelemetry context in production). */
public interface ParentSource {

    ParentSource NONE = transport -> null;

    /** The application span current on this thread, or null; never throws. */
    ParentRef current(Object transport);
}
