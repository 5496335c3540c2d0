package io.smtptrace.agent.capture;

/**
 * The application's span that was current on the calling thread when an operation started (W3C ids as lower-case
 * hex), as plain data: the capture model knows nothing of OpenTelemetry's types. How it becomes the parent of or a
 * link from the SMTP span is the exporter's business (span-contract.md, "Inside the application's trace").
 */
public final class ParentRef {

    /** 32 hex characters. */
    public final String traceId;
    /** 16 hex characters. */
    public final String spanId;
    /** The application's span is recorded (sampled flag of its trace flags). */
    public final boolean sampled;

    public ParentRef(String traceId, String spanId, boolean sampled) {
        this.traceId = traceId;
        this.spanId = spanId;
        this.sampled = sampled;
    }

    /** Null unless both ids are well-formed and not all zero (an invalid span context is no parent). */
    public static ParentRef of(String traceId, String spanId, boolean sampled) {
        if (!validHex(traceId, 32) || !validHex(spanId, 16)) {
            return null;
        }
        return new ParentRef(traceId, spanId, sampled);
    }

    private static boolean validHex(String s, int length) {
        if (s == null || s.length() != length) {
            return false;
        }
        boolean nonZero = false;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
            nonZero |= c != '0';
        }
        return nonZero;
    }

    @Override
    public String toString() {
        return traceId + "/" + spanId + (sampled ? " sampled" : " unsampled");
    }
}
