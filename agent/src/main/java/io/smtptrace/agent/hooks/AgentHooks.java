package io.smtptrace.agent.hooks;

import io.smtptrace.agent.capture.BodyStats;
import io.smtptrace.agent.capture.Clock;
import io.smtptrace.agent.capture.ConnectionInfo;
import io.smtptrace.agent.capture.Conversation;
import io.smtptrace.agent.capture.EnvelopePrivacy;
import io.smtptrace.agent.capture.OperationKind;
import io.smtptrace.agent.capture.OperationSink;
import io.smtptrace.agent.capture.TlsInfo;
import io.smtptrace.bootstrap.SmtpTraceHooks;

import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * Turns the library's calls into {@link Conversation} events: finds the conversation of a transport, reads what
 * only the socket knows (peer address, TLS session), and forgets a conversation as soon as its connection ends.
 */
public final class AgentHooks implements SmtpTraceHooks {

    private final WeakIdentityMap<Object, Conversation> conversations = new WeakIdentityMap<>();
    /** The conversation whose message body is being written on this thread (bodies stream on the sending thread). */
    private final ThreadLocal<Conversation> writingBody = new ThreadLocal<>();
    /**
     * The last transport this thread reported for, and its conversation: consecutive calls of one send come from
     * one thread, so most lookups are answered here without touching (or allocating a key for) the map.
     */
    // no lambda here or on the first send: the first one in a JVM bootstraps invokedynamic (~10 ms of start-up)
    private final ThreadLocal<Last> last = new ThreadLocal<>() {
        @Override
        protected Last initialValue() {
            return new Last();
        }
    };
    private final OperationSink sink;
    private final Clock clock;
    private final EnvelopePrivacy privacy;
    /** The application's current span for each new operation (issue #11). */
    private final ParentSource parents;

    public AgentHooks(OperationSink sink, Clock clock, EnvelopePrivacy privacy) {
        this(sink, clock, privacy, ParentSource.NONE);
    }

    public AgentHooks(OperationSink sink, Clock clock, EnvelopePrivacy privacy, ParentSource parents) {
        this.sink = sink;
        this.clock = clock;
        this.privacy = privacy;
        this.parents = parents;
    }

    /** Live connections; for tests and for the memory benchmark. */
    public int liveConversations() {
        return conversations.size();
    }

    @Override
    public void operationEnter(Object transport, String kind) {
        OperationKind k = OperationKind.of(kind);
        Conversation c = find(transport);
        if (c == null || c.isLingering() && k == OperationKind.CONNECT) {
            if (k != OperationKind.CONNECT) {
                return; // close() or isConnected() of a transport that is not connected: nothing to see
            }
            c = create(transport); // (a new connection on a transport whose server had closed the last one)
        }
        // only an operation that starts here asks for the application's span: a nested call belongs to the outer one
        c.operationEnter(k, c.inOperation() ? null : parents.current(transport));
    }

    @Override
    public void operationExit(Object transport, String kind, Throwable thrown) {
        Conversation c = find(transport);
        if (c != null) {
            c.operationExit(thrown);
            release(transport, c);
        }
    }

    @Override
    public void connectStart(Object transport, String host, int port, boolean sslRequested) {
        Conversation c = find(transport);
        if (c == null || c.isEnded()) {
            c = create(transport);
        }
        c.connectStart(host, port, sslRequested);
    }

    @Override
    public void connectEnd(Object transport, Object socket, Throwable thrown) {
        Conversation c = find(transport);
        if (c == null) {
            return;
        }
        String peer = null;
        int port = -1;
        TlsInfo tls = null;
        if (socket instanceof Socket) {
            Socket s = (Socket) socket;
            InetAddress a = s.getInetAddress();
            peer = a == null ? null : a.getHostAddress();
            port = s.getPort();
            if (thrown == null) {
                tls = tlsOf(s);
            }
        }
        c.connectEnd(peer, port, tls, thrown);
        release(transport, c);
    }

    @Override
    public void command(Object transport, byte[] line) {
        Conversation c = live(transport);
        c.command(line);
    }

    @Override
    public void reply(Object transport, int code, String text, Throwable thrown) {
        Conversation c = live(transport);
        c.reply(code, text, thrown);
        release(transport, c);
    }

    @Override
    public void startTlsEnd(Object transport, Object socket, Throwable thrown) {
        Conversation c = find(transport);
        if (c != null) {
            c.startTlsEnd(thrown == null && socket instanceof Socket ? tlsOf((Socket) socket) : null, thrown);
        }
    }

    @Override
    public void bodyStream(Object transport, Object stream, boolean bdat) {
        Conversation c = find(transport);
        if (c != null) {
            c.bodyStream(stream, bdat);
            writingBody.set(c);
        }
    }

    @Override
    public void bodyWrite(Object stream, byte[] bytes, int off, int len) {
        BodyStats b = body(stream);
        if (b != null) {
            b.write(bytes, off, len);
        }
    }

    @Override
    public void bodyWrite(Object stream, int v) {
        BodyStats b = body(stream);
        if (b != null) {
            b.write(v);
        }
    }

    private BodyStats body(Object stream) {
        Conversation c = writingBody.get();
        if (c == null) {
            return null;
        }
        if (c.currentBodyStream() != stream) {
            if (c.currentBodyStream() == null) {
                writingBody.remove(); // that message is over
            }
            return null;
        }
        return c.currentBody();
    }

    @Override
    public void connectionClosed(Object transport) {
        Conversation c = find(transport);
        if (c != null) {
            c.connectionClosed();
            release(transport, c);
        }
    }

    private Conversation live(Object transport) {
        Conversation c = find(transport);
        if (c == null || c.isEnded() && !c.isLingering()) {
            // traffic on a connection opened before the agent attached
            c = create(transport);
            c.markAttachedMidway();
            serverFromTransport(transport, c.info());
        }
        return c;
    }

    /**
     * The connect call of an attached-midway connection was never seen: ask the transport where it is connected
     * ({@code Service.getURLName()}, public and side-effect free, without the password), so the server is not unknown.
     */
    private static void serverFromTransport(Object transport, ConnectionInfo info) {
        try {
            Object url = transport.getClass().getMethod("getURLName").invoke(transport);
            if (url != null) {
                Object host = url.getClass().getMethod("getHost").invoke(url);
                Object port = url.getClass().getMethod("getPort").invoke(url);
                info.serverFromTransport(host instanceof String ? (String) host : null,
                        port instanceof Integer ? (Integer) port : -1);
            }
        } catch (Throwable ignored) {
            // the server stays unknown
        }
    }

    private Conversation find(Object transport) {
        Last l = last.get();
        if (l.transport != null && l.transport.get() == transport && !l.conversation.isFinished()) {
            return l.conversation; // (a finished one may have been released by another thread: ask the map)
        }
        Conversation c = conversations.get(transport);
        if (c != null) {
            l.remember(transport, c);
        }
        return c;
    }

    private static final class Last {
        java.lang.ref.WeakReference<Object> transport;
        Conversation conversation;

        void remember(Object t, Conversation c) {
            transport = new java.lang.ref.WeakReference<>(t);
            conversation = c;
        }

        void forget() {
            transport = null;
            conversation = null;
        }
    }

    private Conversation create(Object transport) {
        MailLibrary lib = MailLibrary.CACHE.get(transport.getClass());
        ConnectionInfo info = new ConnectionInfo(newId(), lib.coordinates, lib.version, lib.api);
        Conversation c = new Conversation(info, sink, clock, privacy);
        conversations.put(transport, c);
        last.get().remember(transport, c);
        return c;
    }

    private void release(Object transport, Conversation c) {
        if (c.isFinished()) {
            conversations.remove(transport);
            Last l = last.get();
            if (l.conversation == c) {
                l.forget();
            }
            if (writingBody.get() == c) {
                writingBody.remove();
            }
        }
    }

    private static String newId() {
        long v = ThreadLocalRandom.current().nextLong();
        String h = Long.toHexString(v);
        return "0000000000000000".substring(h.length()) + h;
    }

    /** Only called once the handshake is known to be complete, so getSession() never starts one. */
    private static TlsInfo tlsOf(Socket s) {
        if (!(s instanceof SSLSocket)) {
            return null;
        }
        SSLSession session = ((SSLSocket) s).getSession();
        if (session == null || "NONE".equals(session.getProtocol())) {
            return null;
        }
        return new TlsInfo(session.getProtocol(), session.getCipherSuite());
    }
}
