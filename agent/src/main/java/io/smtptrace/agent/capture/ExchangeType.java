package io.smtptrace.agent.capture;

import io.smtptrace.contract.SmtpValues;

public enum ExchangeType {
    GREETING(SmtpValues.EXCHANGE_GREETING),
    /**
     * A reply read before any command was seen on a connection the agent attached to while it was open: the answer
     * to a command sent before the agent was there, never a greeting.
     */
    IN_FLIGHT_REPLY(SmtpValues.EXCHANGE_IN_FLIGHT_REPLY),
    COMMAND(SmtpValues.EXCHANGE_COMMAND),
    /** A client line answering a 334 challenge: always redacted. */
    AUTH_CONTINUATION(SmtpValues.EXCHANGE_AUTH_CONTINUATION);

    public final String label;

    ExchangeType(String label) {
        this.label = label;
    }
}
