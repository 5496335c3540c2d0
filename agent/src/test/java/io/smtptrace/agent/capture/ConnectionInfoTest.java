package io.smtptrace.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionInfoTest {

    @Test
    void identifiesTheLibraryAndTheApi() {
        ConnectionInfo info = new ConnectionInfo("c1", "angus-mail", "2.0.3", "jakarta.mail");
        assertThat(info.id).isEqualTo("c1");
        assertThat(info.library).isEqualTo("angus-mail");
        assertThat(info.libraryVersion).isEqualTo("2.0.3");
        assertThat(info.api).isEqualTo("jakarta.mail");
        assertThat(new ConnectionInfo("c2", "javamail", "1.6.2").api).isNull();
    }

    @Test
    void everyConnectionStartsItsOwnValidTrace() {
        Set<Long> spans = new HashSet<>();
        Set<String> traces = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            ConnectionInfo info = new ConnectionInfo("c" + i, "lib", "1");
            assertThat(info.traceIdHigh != 0 || info.traceIdLow != 0).isTrue();
            assertThat(info.connectSpanId).isNotZero();
            traces.add(info.traceIdHigh + ":" + info.traceIdLow);
            spans.add(info.connectSpanId);
        }
        assertThat(traces).hasSize(200);
        assertThat(spans).hasSize(200);
    }

    @Test
    void aMidwayAttachTakesTheServerFromTheTransportOnlyWhereUnknown() {
        ConnectionInfo info = new ConnectionInfo("c1", "lib", "1");
        info.serverFromTransport("mx.example", 0);
        assertThat(info.host()).isEqualTo("mx.example");
        assertThat(info.port()).as("0 is no port").isZero();
        info.serverFromTransport("other.example", 587);
        assertThat(info.host()).as("a known host is kept").isEqualTo("mx.example");
        assertThat(info.port()).isEqualTo(587);
        info.serverFromTransport("other.example", 25);
        assertThat(info.port()).as("a known port is kept").isEqualTo(587);
        assertThat(info.attachedMidway()).isFalse();

        ConnectionInfo seen = new ConnectionInfo("c2", "lib", "1");
        Conversation c = new Conversation(seen, op -> { }, () -> 1L, EnvelopePrivacy.DOMAIN);
        c.connectStart("smtp.example", -1, false);
        seen.serverFromTransport("other.example", 0);
        assertThat(seen.port()).as("0 from the transport is no port either").isEqualTo(-1);
        seen.serverFromTransport("other.example", 465);
        assertThat(seen.host()).isEqualTo("smtp.example");
        assertThat(seen.port()).as("a port below 1 is unknown").isEqualTo(465);
    }
}
