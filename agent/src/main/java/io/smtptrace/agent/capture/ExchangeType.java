package io.smtptrace.agent.capture;

public enum ExchangeType {
    GREETING("greeting"),
    /**
     * A reply read before any command was seen on a connection the agent attached to while it was open: the answer
     * to a command sent before the agent was there, never a greeting.
     */
    IN_FLIGHT_REPLY("in_flight_reply"),
    COMMAND("command"),
    /** A client line answering a 334 challenge: always redacted. */
    AUTH_CONTINUATION("auth_continuation");

    public final String label;

    ExchangeType(String label) {
        this.label = label;
    }
}
