package io.smtptrace.contract;

/**
 * Every {@code smtp.*} attribute name of the span contract (src/docs/span-contract.md), defined once: the agent
 * writes them, the analyzer's readers and the tests read them. {@code SpanContractDocTest} checks that the document
 * and this class name the same attributes.
 */
public final class SmtpAttributes {

    private SmtpAttributes() {
    }

    /** Prefix of the body counters ({@code smtp.body.lines}, ...). */
    public static final String BODY_PREFIX = "smtp.body.";

    public static final String AUTH_MECHANISM = "smtp.auth.mechanism";
    public static final String AUTH_OUTCOME = "smtp.auth.outcome";
    public static final String AUTH_REPLY_CODE = "smtp.auth.reply_code";
    public static final String BODY_BARE_CR = "smtp.body.bare_cr";
    public static final String BODY_BARE_LF = "smtp.body.bare_lf";
    public static final String BODY_DOT_LINES = "smtp.body.dot_lines";
    public static final String BODY_ERROR_MESSAGE = "smtp.body.error.message";
    public static final String BODY_ERROR_TYPE = "smtp.body.error.type";
    public static final String BODY_LINES = "smtp.body.lines";
    public static final String BODY_LONGEST_LINE = "smtp.body.longest_line";
    public static final String BODY_NON_ASCII = "smtp.body.non_ascii";
    public static final String BODY_NUL = "smtp.body.nul";
    public static final String CLIENT_LIBRARY = "smtp.client.library";
    public static final String CLIENT_LIBRARY_VERSION = "smtp.client.library.version";
    public static final String COMMAND_LINE = "smtp.command.line";
    public static final String COMMAND_VERB = "smtp.command.verb";
    public static final String CONNECTION_ATTACHED_MIDWAY = "smtp.connection.attached_midway";
    public static final String CONNECTION_DURATION_MS = "smtp.connection.duration_ms";
    public static final String CONNECTION_END = "smtp.connection.end";
    public static final String CONNECTION_ID = "smtp.connection.id";
    public static final String CONNECTION_MESSAGES = "smtp.connection.messages";
    public static final String DATA_BYTES = "smtp.data.bytes";
    public static final String DATA_COMPLETED = "smtp.data.completed";
    public static final String DATA_MODE = "smtp.data.mode";
    public static final String DATA_STARTED = "smtp.data.started";
    public static final String EHLO_AUTH_MECHANISMS = "smtp.ehlo.auth_mechanisms";
    public static final String EHLO_8BITMIME = "smtp.ehlo.8bitmime";
    public static final String EHLO_SMTPUTF8 = "smtp.ehlo.smtputf8";
    public static final String EHLO_CHUNKING = "smtp.ehlo.chunking";
    public static final String EHLO_EXTENSIONS = "smtp.ehlo.extensions";
    public static final String EHLO_PIPELINING = "smtp.ehlo.pipelining";
    public static final String EHLO_SIZE_LIMIT = "smtp.ehlo.size_limit";
    public static final String EHLO_STARTTLS_OFFERED = "smtp.ehlo.starttls_offered";
    public static final String ENVELOPE_RECIPIENT_COUNT = "smtp.envelope.recipient_count";
    public static final String ENVELOPE_RECIPIENTS = "smtp.envelope.recipients";
    public static final String ENVELOPE_RECIPIENTS_REFUSED = "smtp.envelope.recipients_refused";
    public static final String ENVELOPE_REFUSED_COUNT = "smtp.envelope.refused_count";
    public static final String ENVELOPE_SENDER = "smtp.envelope.sender";
    public static final String EXCEPTION_CAUSE_MESSAGE = "smtp.exception.cause.message";
    public static final String EXCEPTION_CAUSE_TYPE = "smtp.exception.cause.type";
    public static final String EXCHANGE_COUNT = "smtp.exchange.count";
    public static final String EXCHANGE_DURATION_MS = "smtp.exchange.duration_ms";
    public static final String EXCHANGE_FIRST_SEQ = "smtp.exchange.first_seq";
    public static final String EXCHANGE_TYPE = "smtp.exchange.type";
    public static final String MESSAGE_INDEX = "smtp.message.index";
    public static final String MESSAGE_OUTCOME = "smtp.message.outcome";
    public static final String OPERATION = "smtp.operation";
    public static final String REPLY_CODE = "smtp.reply.code";
    public static final String REPLY_ENHANCED_CODE = "smtp.reply.enhanced_code";
    public static final String REPLY_ERROR = "smtp.reply.error";
    public static final String REPLY_ERROR_MESSAGE = "smtp.reply.error.message";
    public static final String REPLY_LINES = "smtp.reply.lines";
    public static final String SEQ = "smtp.seq";
    public static final String SSL_REQUESTED = "smtp.ssl.requested";
    public static final String TLS_ERROR_MESSAGE = "smtp.tls.error.message";
    public static final String TLS_ERROR_TYPE = "smtp.tls.error.type";
    public static final String TLS_MODE = "smtp.tls.mode";
    public static final String DATA_END_SENT = "smtp.data.end_sent";
}
