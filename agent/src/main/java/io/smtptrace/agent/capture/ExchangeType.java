package io.smtptrace.agent.capture;

public enum ExchangeType {
    GREETING("greeting"),
    COMMAND("command"),
    /** A client line answering a 334 challenge: always redacted. */
    AUTH_CONTINUATION("auth_continuation");

    public final String label;

    ExchangeType(String label) {
        this.label = label;
    }
}
