package io.smtptrace.contract;

/** The values of the span contract's enumerated attributes, and its event name (src/docs/span-contract.md). */
public final class SmtpValues {

    private SmtpValues() {
    }

    /** Event name of one command/reply exchange (with {@code smtptrace.exchanges=events}, the default). */
    public static final String EXCHANGE_EVENT = "smtp.exchange";

    // smtp.operation
    public static final String OPERATION_CONNECT = "connect";
    public static final String OPERATION_SEND = "send";
    public static final String OPERATION_CHECK = "check";
    public static final String OPERATION_CLOSE = "close";
    public static final String OPERATION_COMMAND = "command";

    // smtp.exchange.type
    public static final String EXCHANGE_GREETING = "greeting";
    public static final String EXCHANGE_IN_FLIGHT_REPLY = "in_flight_reply";
    public static final String EXCHANGE_COMMAND = "command";
    public static final String EXCHANGE_AUTH_CONTINUATION = "auth_continuation";

    // smtp.message.outcome
    public static final String MESSAGE_ACCEPTED = "accepted";
    public static final String MESSAGE_REJECTED = "rejected";
    public static final String MESSAGE_ABORTED = "aborted";

    // smtp.auth.outcome
    public static final String AUTH_SUCCESS = "success";
    public static final String AUTH_FAILURE = "failure";

    // smtp.connection.end
    public static final String END_QUIT = "quit";
    public static final String END_SERVER_CLOSED = "server_closed";
    public static final String END_CLIENT_EXCEPTION = "client_exception";
    public static final String END_TIMEOUT = "timeout";
    public static final String END_CONNECT_FAILED = "connect_failed";

    // smtp.tls.mode
    public static final String TLS_IMPLICIT = "implicit";
    public static final String TLS_STARTTLS = "starttls";

    // smtp.reply.error (besides an exception class name)
    public static final String REPLY_ERROR_EOF = "eof";
    public static final String REPLY_ERROR_NOT_AWAITED = "not_awaited";
    public static final String REPLY_ERROR_NO_REPLY = "no_reply";

    /** What replaces a secret (or what may be one) in exported text. */
    public static final String REDACTED = "[redacted]";
}
