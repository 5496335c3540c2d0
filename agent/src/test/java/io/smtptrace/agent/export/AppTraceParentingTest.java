package io.smtptrace.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.smtptrace.agent.capture.Clock;
import io.smtptrace.agent.capture.ConnectionInfo;
import io.smtptrace.agent.capture.Conversation;
import io.smtptrace.agent.capture.EnvelopePrivacy;
import io.smtptrace.agent.capture.OperationKind;
import io.smtptrace.agent.capture.ParentRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** SMTP spans inside the application's trace (span-contract.md, "Inside the application's trace"). */
class AppTraceParentingTest {

    private static final ParentRef REQUEST_1 = new ParentRef("11111111111111111111111111111111", "1111111111111111", true);
    private static final ParentRef REQUEST_2 = new ParentRef("22222222222222222222222222222222", "2222222222222222", true);
    private static final ParentRef UNSAMPLED = new ParentRef("33333333333333333333333333333333", "3333333333333333", false);

    private final SampleSpans.Collector collector = new SampleSpans.Collector();
    private final ConnectionIds ids = new ConnectionIds();
    private final SdkTracerProvider provider = SdkTracerProvider.builder().setIdGenerator(ids)
            .addSpanProcessor(SimpleSpanProcessor.create(collector)).build();
    private final SpanMapper mapper = new SpanMapper(provider.get(ExportPipeline.SCOPE), false, EnvelopePrivacy.DOMAIN,
            ids);
    private final long[] now = {1_700_000_000_000_000_000L};
    private final Clock clock = () -> now[0] += 1_000_000;

    /** connect, two sends and close on one connection, each operation under the given application span (or none). */
    private List<SpanData> pooled(ParentRef connect, ParentRef send1, ParentRef send2, ParentRef close) {
        Conversation c = new Conversation(new ConnectionInfo("00112233aabbccdd", "com.sun.mail:javax.mail", "1.6.2"),
                mapper::export, clock, EnvelopePrivacy.DOMAIN);
        c.operationEnter(OperationKind.CONNECT, connect);
        c.connectStart("mx.example", 25, false);
        c.reply(220, "220 hi\n", null);
        c.connectEnd("192.0.2.1", 25, null, null);
        cmd(c, "EHLO me", 250, "250 mx.example\n");
        c.operationExit(null);
        for (ParentRef p : new ParentRef[] {send1, send2}) {
            c.operationEnter(OperationKind.SEND, p);
            cmd(c, "MAIL FROM:<a@example.com>", 250, "250 ok\n");
            cmd(c, "RCPT TO:<b@example.org>", 250, "250 ok\n");
            cmd(c, "DATA", 354, "354 go\n");
            cmd(c, ".", 250, "250 queued\n");
            c.operationExit(null);
        }
        c.operationEnter(OperationKind.CLOSE, close);
        cmd(c, "QUIT", 221, "221 bye\n");
        c.connectionClosed();
        c.operationExit(null);
        provider.forceFlush().join(5, TimeUnit.SECONDS);
        assertThat(collector.spans).extracting(SpanData::getName)
                .containsExactly("SMTP connect", "SMTP send", "SMTP send", "SMTP close");
        return collector.spans;
    }

    private static void cmd(Conversation c, String line, int code, String reply) {
        c.command(line.getBytes(StandardCharsets.US_ASCII));
        c.reply(code, reply, null);
    }

    private static List<String> links(SpanData s) {
        return s.getLinks().stream().map(LinkData::getSpanContext)
                .map(l -> l.getTraceId() + "/" + l.getSpanId()).collect(Collectors.toList());
    }

    @Test
    void withoutAnApplicationSpanTheShapeIsUnchanged() {
        List<SpanData> s = pooled(null, null, null, null);
        SpanData connect = s.get(0);
        assertThat(connect.getParentSpanContext().isValid()).isFalse();
        for (SpanData later : s.subList(1, 4)) {
            assertThat(later.getTraceId()).isEqualTo(connect.getTraceId());
            assertThat(later.getParentSpanId()).isEqualTo(connect.getSpanId());
        }
        assertThat(s).allSatisfy(span -> assertThat(span.getLinks()).isEmpty());
    }

    @Test
    void aPooledConnectionsSendsJoinTheRequestThatSendsThemAndLinkToTheConnect() {
        List<SpanData> s = pooled(REQUEST_1, REQUEST_1, REQUEST_2, null);
        SpanData connect = s.get(0);
        assertThat(connect.getTraceId()).isEqualTo(REQUEST_1.traceId);
        assertThat(connect.getParentSpanId()).isEqualTo(REQUEST_1.spanId);
        assertThat(connect.getLinks()).isEmpty();
        String connectRef = connect.getTraceId() + "/" + connect.getSpanId();

        SpanData send1 = s.get(1);
        assertThat(send1.getTraceId()).isEqualTo(REQUEST_1.traceId);
        assertThat(send1.getParentSpanId()).isEqualTo(REQUEST_1.spanId);
        assertThat(links(send1)).containsExactly(connectRef);

        SpanData send2 = s.get(2); // another request, later, on the pooled connection
        assertThat(send2.getTraceId()).isEqualTo(REQUEST_2.traceId);
        assertThat(send2.getParentSpanId()).isEqualTo(REQUEST_2.spanId);
        assertThat(links(send2)).containsExactly(connectRef);

        SpanData close = s.get(3); // closed outside any request: in the connection's trace, under its connect span
        assertThat(close.getTraceId()).isEqualTo(REQUEST_1.traceId);
        assertThat(close.getParentSpanId()).isEqualTo(connect.getSpanId());
        assertThat(close.getLinks()).isEmpty();
    }

    @Test
    void aConnectionOpenedOutsideARequestKeepsItsTraceAndItsSendsJoinTheirRequests() {
        List<SpanData> s = pooled(null, REQUEST_2, null, null);
        SpanData connect = s.get(0);
        assertThat(connect.getParentSpanContext().isValid()).isFalse();
        assertThat(connect.getTraceId()).isNotEqualTo(REQUEST_2.traceId);
        assertThat(s.get(1).getTraceId()).isEqualTo(REQUEST_2.traceId);
        assertThat(s.get(1).getParentSpanId()).isEqualTo(REQUEST_2.spanId);
        assertThat(links(s.get(1))).containsExactly(connect.getTraceId() + "/" + connect.getSpanId());
        assertThat(s.get(2).getTraceId()).isEqualTo(connect.getTraceId());
        assertThat(s.get(2).getParentSpanId()).isEqualTo(connect.getSpanId());
    }

    @Test
    void anUnsampledApplicationSpanIsOnlyLinked() {
        List<SpanData> s = pooled(UNSAMPLED, UNSAMPLED, null, UNSAMPLED);
        SpanData connect = s.get(0);
        assertThat(connect.getTraceId()).isNotEqualTo(UNSAMPLED.traceId);
        assertThat(connect.getParentSpanContext().isValid()).isFalse();
        assertThat(connect.getSpanContext().isSampled()).isTrue();
        String app = UNSAMPLED.traceId + "/" + UNSAMPLED.spanId;
        assertThat(links(connect)).containsExactly(app);
        assertThat(connect.getLinks().get(0).getSpanContext().isSampled()).isFalse();
        for (SpanData later : s.subList(1, 4)) {
            assertThat(later.getTraceId()).isEqualTo(connect.getTraceId());
            assertThat(later.getParentSpanId()).isEqualTo(connect.getSpanId());
        }
        assertThat(links(s.get(1))).containsExactly(app);
        assertThat(s.get(2).getLinks()).isEmpty();
        assertThat(links(s.get(3))).containsExactly(app);
    }

    @Test
    void theNextConnectionAfterAParentedOneGetsItsOwnTrace() {
        pooled(REQUEST_1, null, null, null);
        collector.spans.clear();
        List<SpanData> s = pooled(null, null, null, null);
        assertThat(s.get(0).getTraceId()).isNotEqualTo(REQUEST_1.traceId);
        assertThat(s.get(0).getParentSpanContext().isValid()).isFalse();
    }
}
