package io.smtptrace.agent.metrics;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

import static io.smtptrace.agent.metrics.MetricNames.AUTH_MECHANISM;
import static io.smtptrace.agent.metrics.MetricNames.AUTH_OUTCOME;
import static io.smtptrace.agent.metrics.MetricNames.CONNECTION_END;
import static io.smtptrace.agent.metrics.MetricNames.ERROR_TYPE;
import static io.smtptrace.agent.metrics.MetricNames.MESSAGE_OUTCOME;
import static io.smtptrace.agent.metrics.MetricNames.OPERATION;
import static io.smtptrace.agent.metrics.MetricNames.REPLY_CODE;
import static io.smtptrace.agent.metrics.MetricNames.SERVER_ADDRESS;
import static io.smtptrace.agent.metrics.MetricNames.SERVER_PORT;
import static io.smtptrace.agent.metrics.MetricNames.TLS_MODE;
import static io.smtptrace.agent.metrics.MetricNames.VERB;

/**
 * Every attribute set the SMTP metrics use for one server ({@code server.address} as capped, {@code server.port}),
 * built on first use and kept. Export thread only.
 */
final class ServerAttributes {

    private final String address;
    private final int port;

    final AttributeTable operations = new AttributeTable((op, error, n) -> base().put(OPERATION, op)
            .put(ERROR_TYPE, error).build());
    final AttributeTable replies = new AttributeTable((verb, unused, code) -> {
        AttributesBuilder b = base().put(VERB, verb);
        if (code != AttributeTable.NONE) {
            b.put(REPLY_CODE, code);
        }
        return b.build();
    });
    final AttributeTable messages = new AttributeTable((outcome, error, n) -> base().put(MESSAGE_OUTCOME, outcome)
            .put(ERROR_TYPE, error).build());
    final AttributeTable sizes = new AttributeTable((outcome, unused, n) -> base().put(MESSAGE_OUTCOME, outcome)
            .build());
    final AttributeTable connections = new AttributeTable((end, mode, n) -> base().put(CONNECTION_END, end)
            .put(TLS_MODE, mode).build());
    final AttributeTable auth = new AttributeTable((mechanism, outcome, code) -> {
        AttributesBuilder b = base().put(AUTH_MECHANISM, mechanism).put(AUTH_OUTCOME, outcome);
        if (code != AttributeTable.NONE) {
            b.put(REPLY_CODE, code);
        }
        return b.build();
    });
    final AttributeTable tls = new AttributeTable((mode, error, n) -> base().put(TLS_MODE, mode)
            .put(ERROR_TYPE, error).build());

    ServerAttributes(String address, int port) {
        this.address = address;
        this.port = port;
    }

    /** {@code put} of a null value adds nothing: optional attributes (error.type, verb) stay absent. */
    private AttributesBuilder base() {
        AttributesBuilder b = Attributes.builder().put(SERVER_ADDRESS, address);
        if (port > 0) {
            b.put(SERVER_PORT, (long) port);
        }
        return b;
    }
}
