package io.smtptrace.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperationKindTest {

    @Test
    void theTransportMethodNamesMapToTheirOperation() {
        assertThat(OperationKind.of("protocolConnect")).isEqualTo(OperationKind.CONNECT);
        assertThat(OperationKind.of("sendMessage")).isEqualTo(OperationKind.SEND);
        assertThat(OperationKind.of("isConnected")).isEqualTo(OperationKind.CHECK);
        assertThat(OperationKind.of("close")).isEqualTo(OperationKind.CLOSE);
        assertThat(OperationKind.of("issueCommand")).isEqualTo(OperationKind.COMMAND);
    }

    @Test
    void everyLabelMapsBackToItsKind() {
        for (OperationKind k : OperationKind.values()) {
            assertThat(OperationKind.of(k.label)).isEqualTo(k);
            assertThat(k.label).isEqualTo(k.name().toLowerCase(java.util.Locale.ROOT));
        }
        assertThat(OperationKind.SEND.label).isEqualTo("send");
        assertThat(ConnectionEnd.SERVER_CLOSED.label).isEqualTo("server_closed");
    }
}
