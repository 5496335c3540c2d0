package io.smtptrace.agent.capture;

import io.smtptrace.contract.SmtpValues;

public enum ExchangeType {
    GREETING(SmtpValues.EXCHANGE_GREETING),
    COMMAND(SmtpValues.EXCHANGE_COMMAND),
    /** A client line answering a 334 challenge: always redacted. */
    AUTH_CONTINUATION(SmtpValues.EXCHANGE_AUTH_CONTINUATION);

    public final String label;

    ExchangeType(String label) {
        this.label = label;
    }
}
