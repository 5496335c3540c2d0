package io.smtptrace.agent.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.smtptrace.agent.capture.Clock;
import io.smtptrace.agent.capture.EnvelopePrivacy;
import io.smtptrace.agent.capture.Operation;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** State kept per connection is released when the connection ends, however it ends. */
class AgentHooksTest {

    private final List<Operation> ops = new ArrayList<>();
    private final AgentHooks hooks = new AgentHooks(ops::add, Clock.SYSTEM, EnvelopePrivacy.DOMAIN);

    private void open(Object t) {
        hooks.operationEnter(t, "protocolConnect");
        hooks.connectStart(t, "mx.example", 25, false);
        hooks.reply(t, 220, "220 hi\n", null);
        hooks.connectEnd(t, null, null);
        hooks.operationExit(t, "protocolConnect", null);
    }

    private void send(Object t, Object stream) {
        hooks.operationEnter(t, "sendMessage");
        hooks.command(t, "MAIL FROM:<a@example.com>".getBytes(StandardCharsets.US_ASCII));
        hooks.reply(t, 250, "250 ok\n", null);
        hooks.command(t, "DATA".getBytes(StandardCharsets.US_ASCII));
        hooks.reply(t, 354, "354 go\n", null);
        hooks.bodyStream(t, stream, false);
        hooks.bodyWrite(stream, "hi\r\n".getBytes(StandardCharsets.US_ASCII), 0, 4);
    }

    @Test
    void quitReleasesTheConnection() {
        Object t = new Object();
        open(t);
        assertThat(hooks.liveConversations()).isEqualTo(1);
        hooks.operationEnter(t, "close");
        hooks.command(t, "QUIT".getBytes(StandardCharsets.US_ASCII));
        hooks.reply(t, 221, "221 bye\n", null);
        hooks.connectionClosed(t);
        hooks.operationExit(t, "close", null);
        assertThat(hooks.liveConversations()).isZero();
        // a later close() on the same transport starts nothing
        hooks.operationEnter(t, "close");
        hooks.operationExit(t, "close", null);
        assertThat(hooks.liveConversations()).isZero();
        assertThat(ops).hasSize(2);
    }

    @Test
    void aConnectionBrokenMidBodyIsReleased() {
        Object t = new Object();
        Object stream = new Object();
        open(t);
        send(t, stream);
        hooks.connectionClosed(t);
        hooks.operationExit(t, "sendMessage", new IOException("x", new SocketException("Broken pipe")));
        assertThat(hooks.liveConversations()).isZero();
        // writes to the dead stream are ignored, not attributed to anything
        hooks.bodyWrite(stream, 'x');
        assertThat(ops.get(1).messageOutcome()).isEqualTo("aborted");
        assertThat(ops.get(1).end().label).isEqualTo("server_closed");
    }

    @Test
    void aConnectThatNeverOpenedASocketLeavesNothing() {
        Object t = new Object();
        hooks.operationEnter(t, "protocolConnect"); // e.g. mail.smtp.auth=true and no password: returns false
        hooks.operationExit(t, "protocolConnect", null);
        assertThat(hooks.liveConversations()).isZero();
        assertThat(ops).isEmpty();
    }

    @Test
    void anAbandonedTransportIsForgottenWhenCollected() throws Exception {
        for (int i = 0; i < 1000; i++) {
            open(new Object()); // connected, never closed, dropped by the application
        }
        for (int i = 0; i < 50 && hooks.liveConversations() > 0; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(hooks.liveConversations()).isZero();
    }

    @Test
    void manyMessagesOnOneConnectionKeepNothingPerMessage() {
        Object t = new Object();
        open(t);
        for (int i = 0; i < 10_000; i++) {
            Object stream = new Object();
            send(t, stream);
            hooks.command(t, ".".getBytes(StandardCharsets.US_ASCII));
            hooks.reply(t, 250, "250 queued\n", null);
            hooks.operationExit(t, "sendMessage", null);
        }
        assertThat(hooks.liveConversations()).isEqualTo(1);
        assertThat(ops).hasSize(10_001);
        // each finished operation went to the sink and carries only its own exchanges
        assertThat(ops.get(10_000).exchanges()).hasSize(3);
        assertThat(ops.get(10_000).messageIndex()).isEqualTo(10_000);
    }
}
