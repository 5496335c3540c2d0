package io.smtptrace.agent.metrics;

import io.opentelemetry.api.common.AttributeKey;

/** The metric contract's names (src/docs/metrics.md): instruments and attribute keys, in one place. */
public final class MetricNames {

    public static final String OPERATION_DURATION = "smtp.client.operation.duration";
    public static final String REPLIES = "smtp.client.replies";
    public static final String MESSAGES = "smtp.client.messages";
    public static final String MESSAGE_SIZE = "smtp.client.message.size";
    public static final String CONNECTIONS = "smtp.client.connections";
    public static final String AUTH_ATTEMPTS = "smtp.client.auth.attempts";
    public static final String TLS_HANDSHAKES = "smtp.client.tls.handshakes";
    public static final String SPANS_EXPORTED = "smtptrace.agent.spans.exported";
    public static final String SPANS_DROPPED = "smtptrace.agent.spans.dropped";
    public static final String EXPORT_FAILURES = "smtptrace.agent.export.failures";
    public static final String QUEUE_SIZE = "smtptrace.agent.queue.size";

    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("smtp.operation");
    static final AttributeKey<String> VERB = AttributeKey.stringKey("smtp.command.verb");
    static final AttributeKey<Long> REPLY_CODE = AttributeKey.longKey("smtp.reply.code");
    static final AttributeKey<String> MESSAGE_OUTCOME = AttributeKey.stringKey("smtp.message.outcome");
    static final AttributeKey<String> CONNECTION_END = AttributeKey.stringKey("smtp.connection.end");
    static final AttributeKey<String> TLS_MODE = AttributeKey.stringKey("smtp.tls.mode");
    static final AttributeKey<String> AUTH_MECHANISM = AttributeKey.stringKey("smtp.auth.mechanism");
    static final AttributeKey<String> AUTH_OUTCOME = AttributeKey.stringKey("smtp.auth.outcome");
    static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");

    private MetricNames() {
    }
}
