package io.smtptrace.agent.capture;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * The state of one SMTP connection while it lives. Calls arrive in the order the library made them; the library
 * holds the transport's lock around them, so no two threads touch one conversation at once.
 *
 * <p>Each finished {@link Operation} goes to the sink and is forgotten, so memory does not grow with the number of
 * messages sent over a long-lived connection.
 */
public final class Conversation {

    private final ConnectionInfo info;
    private final OperationSink sink;
    private final Clock clock;
    private final EnvelopePrivacy privacy;
    private final long startEpochNanos;

    private int seq;
    private Operation current;
    private int depth;
    /** The current operation was opened by a stray command, not by a transport call; it ends with its reply. */
    private boolean implicitOp;
    private Exchange pending;
    private boolean lastReplyWas334;
    /** For the reply to an AUTH line, a challenge answer or a redacted line: what to redact in it (see there). */
    private AuthReplyRedaction replyRedaction;
    /** The last AUTH exchange's redaction, for the exception that repeats its final reply (AuthenticationFailed). */
    private AuthReplyRedaction authRedaction;
    private boolean inAuth;
    private int messages;
    private Object bodyStream;
    /**
     * The last MAIL and RCPT line as sent and as parsed: a mailer sending from one sender to the same recipients
     * repeats them with every message, and re-parsing (redacting, hashing) them would cost strings each time.
     */
    private byte[] lastMailBytes;
    private CommandLine lastMail;
    private byte[] lastRcptBytes;
    private CommandLine lastRcpt;

    /** Any traffic or connect attempt seen; a connect() that returned before opening a socket leaves this false. */
    private boolean started;
    private boolean greeted;
    private boolean startTlsOffered;
    private boolean quitSent;
    private boolean quitDone;
    private boolean eofSeen;
    private boolean socketErrorSeen;
    private boolean timeoutSeen;
    private boolean connectFailed;
    /** The socket is closed; how the connection ended is decided when the call that closed it returns. */
    private boolean closed;
    /**
     * The server closed (EOF) or reset the connection and its end is already exported, but the application has not
     * called close(): whatever the library still does on this transport (a QUIT into the void) is ignored until then.
     */
    private boolean lingering;
    private ConnectionEnd ended;

    public Conversation(ConnectionInfo info, OperationSink sink, Clock clock, EnvelopePrivacy privacy) {
        this.info = info;
        this.sink = sink;
        this.clock = clock;
        this.privacy = privacy;
        this.startEpochNanos = clock.nowEpochNanos();
    }

    public ConnectionInfo info() {
        return info;
    }

    /** A transport call is running: a nested call belongs to it (and needs no parent lookup of its own). */
    public boolean inOperation() {
        return current != null;
    }

    public boolean isEnded() {
        return closed;
    }

    /** Nothing more will happen on this connection: its state can be dropped. */
    public boolean isFinished() {
        return current == null && (closed && !lingering || !started);
    }

    /** The server ended the connection and that end is exported; the transport has not been closed yet. */
    public boolean isLingering() {
        return lingering;
    }

    /** For a connection already open when the agent attached: no greeting will come. */
    public void markAttachedMidway() {
        info.attachedMidway = true;
        started = true;
        greeted = true;
    }

    // ---- operations --------------------------------------------------------------------------------------------

    public void operationEnter(OperationKind kind) {
        operationEnter(kind, null);
    }

    /** A transport call starts; {@code parent} is the application's span current on the calling thread, or null. */
    public void operationEnter(OperationKind kind, ParentRef parent) {
        if (lingering) {
            return;
        }
        if (current == null) {
            current = new Operation(info, kind, clock.nowEpochNanos());
            current.parent = parent;
            if (kind == OperationKind.CONNECT && parent != null && parent.sampled && !started) {
                info.connectParent = parent;
            }
            implicitOp = false;
            depth = 1;
        } else {
            depth++;
        }
    }

    public void operationExit(Throwable thrown) {
        if (current == null || implicitOp) {
            return;
        }
        if (--depth > 0) {
            return;
        }
        if (thrown != null) {
            current.thrown = ErrorInfo.of(thrown).redacted(authRedaction);
        } else if (current.kind == OperationKind.CONNECT && "failure".equals(current.authOutcome)) {
            // the SASL path: protocolConnect returns false instead of throwing, and Service.connect then throws this
            // (outside the woven method); without it a failed login would not be an error on the span
            current.thrown = ErrorInfo.of((info.api != null ? info.api : "javax.mail") + ".AuthenticationFailedException",
                    "failed to connect");
        }
        authRedaction = null;
        finishOperation();
    }

    private Operation op() {
        if (current == null) {
            current = new Operation(info, OperationKind.COMMAND, clock.nowEpochNanos());
            implicitOp = true;
            depth = 0;
        }
        return current;
    }

    // ---- connection --------------------------------------------------------------------------------------------

    public void connectStart(String host, int port, boolean sslRequested) {
        info.host = host;
        info.port = port;
        info.sslRequested = sslRequested;
        started = true;
        op();
    }

    /**
     * @param peerAddress the remote IP, when connected
     * @param port        the port actually used
     * @param tls         the handshake of an implicit-TLS socket, or null
     */
    public void connectEnd(String peerAddress, int port, TlsInfo tls, Throwable thrown) {
        if (lingering) {
            return;
        }
        Operation op = op();
        if (peerAddress != null) {
            info.peerAddress = peerAddress;
        }
        if (port > 0) {
            info.port = port;
        }
        if (info.sslRequested) {
            op.tlsMode = "implicit";
        }
        if (tls != null) {
            op.tlsMode = "implicit";
            op.tls = tls;
        }
        if (thrown != null) {
            ErrorInfo e = ErrorInfo.of(thrown);
            noteError(e);
            // with implicit TLS, whatever fails between TCP connect and the greeting is TLS setup: the handshake,
            // or the library's own checks after it (server identity, trust)
            if (info.sslRequested && !greeted && (e.tlsError || !e.connectError)) {
                op.tlsError = e;
            }
            connectFailed = true;
            // openServer failed: the library closes the socket without calling closeConnection()
            end();
        }
    }

    public void startTlsEnd(TlsInfo tls, Throwable thrown) {
        if (lingering) {
            return;
        }
        Operation op = op();
        op.tlsMode = "starttls";
        if (thrown != null) {
            ErrorInfo e = ErrorInfo.of(thrown);
            // a refused STARTTLS (a reply, not a handshake) is not a TLS error: the reply tells the story. The reply
            // was read (pending is null by now), so it is the operation's last exchange that says so.
            Exchange last = op.exchanges.isEmpty() ? null : op.exchanges.get(op.exchanges.size() - 1);
            if (last == null || !"STARTTLS".equals(last.verb) || last.code() == 220) {
                op.tlsError = e;
                noteError(e);
            }
        } else if (tls != null) {
            op.tls = tls;
        }
    }

    // ---- the conversation --------------------------------------------------------------------------------------

    public void command(byte[] line) {
        if (lingering) {
            return;
        }
        Operation op = op();
        if (pending != null && !pending.answered()) {
            // the previous command got no reply read (QUIT with quitwait=false is the only case in JavaMail)
            pending.replyError = "not_awaited";
            pending.endEpochNanos = clock.nowEpochNanos();
        }
        boolean continuation = lastReplyWas334;
        CommandLine cl = continuation ? CommandLine.parse(line, true, privacy) : parseEnvelopeCached(line);
        Exchange ex = new Exchange(++seq, continuation ? ExchangeType.AUTH_CONTINUATION : ExchangeType.COMMAND,
                cl.verb, cl.line, clock.nowEpochNanos());
        op.exchanges.add(ex);
        pending = ex;
        // an AUTH exchange (AUTH, its 334 answers) collects what the client sent, for every reply until it ends
        replyRedaction = cl.redacted() || "AUTH".equals(cl.verb)
                ? AuthReplyRedaction.of(line, continuation ? replyRedaction : null) : null;
        if (cl.verb == null) {
            return;
        }
        switch (cl.verb) {
            case "AUTH":
                inAuth = true;
                // PIT: ConditionalsBoundary here is equivalent: CommandLine makes the line "AUTH" or "AUTH <MECH>",
                // never five characters
                op.authMechanism = cl.line.length() > 5 ? cl.line.substring(5) : null;
                break;
            case "MAIL":
                op.messageIndex = ++messages;
                op.sender = cl.address;
                op.recipients = new ArrayList<>(2);
                op.refused = new ArrayList<>(0);
                break;
            case "RCPT":
                if (op.recipients == null) {
                    op.recipients = new ArrayList<>(2);
                    op.refused = new ArrayList<>(0);
                }
                op.recipients.add(cl.address);
                break;
            case "BDAT":
                if (!op.dataStarted) {
                    op.dataStarted = true;
                    op.dataMode = "bdat";
                }
                if (cl.line.endsWith("LAST")) {
                    op.dataEndSent = true;
                }
                break;
            case ".":
                op.dataEndSent = true;
                break;
            case "QUIT":
                quitSent = true;
                break;
            default:
                break;
        }
    }

    private CommandLine parseEnvelopeCached(byte[] line) {
        if (lastMail != null && Arrays.equals(line, lastMailBytes)) {
            return lastMail;
        }
        if (lastRcpt != null && Arrays.equals(line, lastRcptBytes)) {
            return lastRcpt;
        }
        CommandLine cl = CommandLine.parse(line, false, privacy);
        if ("MAIL".equals(cl.verb)) {
            lastMailBytes = line.clone();
            lastMail = cl;
        } else if ("RCPT".equals(cl.verb)) {
            lastRcptBytes = line.clone();
            lastRcpt = cl;
        }
        return cl;
    }

    public void reply(int code, String raw, Throwable thrown) {
        if (lingering) {
            return;
        }
        long now = clock.nowEpochNanos();
        Operation op = op();
        Exchange ex = pending;
        if (ex == null || ex.answered()) {
            // a reply with no command: the greeting (or an unsolicited reply, e.g. 421 before a command); on a
            // connection the agent attached to while it was open, the first one answers a command it never saw
            ExchangeType type = info.attachedMidway && seq == 0 ? ExchangeType.IN_FLIGHT_REPLY : ExchangeType.GREETING;
            ex = new Exchange(++seq, type, null, null, now);
            op.exchanges.add(ex);
        }
        pending = null;
        ex.endEpochNanos = now;
        if (thrown != null) {
            ErrorInfo e = ErrorInfo.of(thrown);
            ex.replyError = e.rootType;
            ex.replyErrorMessage = e.rootMessage;
            noteError(e);
            lastReplyWas334 = false;
            finishImplicit();
            return;
        }
        if (code == -1 && "[EOF]".equals(raw)) {
            ex.replyError = "eof";
            eofSeen = true;
            lastReplyWas334 = false;
            finishImplicit();
            return;
        }
        ex.code = code;
        ex.rawReply = replyRedaction != null ? replyRedaction.redact(raw) : raw;
        if (replyRedaction != null) {
            authRedaction = replyRedaction;
        }
        // kept until the next command: with AUTH last in a pipelined group (RFC 2920) its reply comes after the reply
        // to the line before, with no command of its own, and still echoes what AUTH sent
        lastReplyWas334 = code == 334;
        onReply(op, ex, code);
        finishImplicit();
    }

    private void onReply(Operation op, Exchange ex, int code) {
        if (ex.type == ExchangeType.GREETING && !greeted) {
            greeted = code == 220;
            return;
        }
        if (inAuth && code != 334) {
            inAuth = false;
            op.authReplyCode = code;
            op.authOutcome = code == 235 ? "success" : "failure";
        }
        if (ex.verb == null) {
            return;
        }
        switch (ex.verb) {
            case "EHLO":
                if (code == 250) {
                    EhloInfo e = EhloInfo.parse(ex.reply());
                    op.ehlo = e;
                    startTlsOffered |= e.startTls;
                    op.startTlsOffered = startTlsOffered;
                }
                break;
            case "RCPT":
                if (code >= 300 && op.refused != null && !op.recipients.isEmpty()) {
                    op.refused.add(op.recipients.get(op.recipients.size() - 1));
                }
                break;
            case "DATA":
                if (code == 354) {
                    op.dataStarted = true;
                    op.dataMode = "data";
                }
                break;
            case ".":
                op.dataCompleted = true;
                op.messageOutcome = code >= 200 && code < 300 ? "accepted" : "rejected";
                break;
            case "BDAT":
                if (ex.line != null && ex.line.endsWith("LAST")) {
                    op.dataCompleted = true;
                    op.messageOutcome = code >= 200 && code < 300 ? "accepted" : "rejected";
                } else if (code >= 300) {
                    op.messageOutcome = "rejected";
                }
                break;
            case "QUIT":
                quitDone = true;
                break;
            default:
                break;
        }
    }

    private void finishImplicit() {
        if (implicitOp && current != null) {
            finishOperation();
        }
    }

    // ---- the message body --------------------------------------------------------------------------------------

    public void bodyStream(Object stream, boolean bdat) {
        if (lingering) {
            return;
        }
        Operation op = op();
        bodyStream = stream;
        op.body = new BodyStats();
        if (bdat) {
            op.dataMode = "bdat";
        }
    }

    /** The stream the current message body goes to, for matching writes; null when none. */
    public Object currentBodyStream() {
        return bodyStream;
    }

    public BodyStats currentBody() {
        return current == null ? null : current.body;
    }

    // ---- the end -----------------------------------------------------------------------------------------------

    public void connectionClosed() {
        if (lingering) {
            // the application closes what the server already ended: that end is exported, nothing more to say
            lingering = false;
            return;
        }
        if (pending != null && !pending.answered() && "QUIT".equals(pending.verb)) {
            pending.replyError = "not_awaited";
            pending.endEpochNanos = clock.nowEpochNanos();
            quitDone = true;
        }
        end();
    }

    private void end() {
        if (closed) {
            return;
        }
        closed = true;
        if (current == null) {
            // closed outside any call we saw (finalizer, or a stray close): a close span carries the end
            current = new Operation(info, OperationKind.CLOSE, clock.nowEpochNanos());
            implicitOp = true;
            finishOperation();
        }
        // otherwise the running call's exception, if any, still tells how the connection ended
    }

    private ConnectionEnd decideEnd() {
        if (quitSent && quitDone) {
            return ConnectionEnd.QUIT;
        } else if (timeoutSeen) {
            return ConnectionEnd.TIMEOUT;
        } else if (connectFailed || !greeted) {
            return ConnectionEnd.CONNECT_FAILED;
        } else if (eofSeen || socketErrorSeen) {
            return ConnectionEnd.SERVER_CLOSED;
        }
        return ConnectionEnd.CLIENT_EXCEPTION;
    }

    private void noteError(ErrorInfo e) {
        timeoutSeen |= e.timeout;
        socketErrorSeen |= e.socketError;
    }

    private void finishOperation() {
        Operation op = current;
        current = null;
        depth = 0;
        implicitOp = false;
        op.endEpochNanos = clock.nowEpochNanos();
        if (pending != null && !pending.answered() && op.exchanges.contains(pending)) {
            pending.replyError = op.thrown != null ? op.thrown.rootType : "no_reply";
            pending.endEpochNanos = op.endEpochNanos;
            pending = null;
        }
        if (op.body != null) {
            op.bodySnapshot = op.body.snapshot();
            op.body = null;
            bodyStream = null;
        }
        if (op.thrown != null) {
            noteError(op.thrown);
        }
        if (op.kind == OperationKind.SEND || op.messageIndex > 0) {
            if (op.thrown != null && op.dataStarted && !op.dataCompleted) {
                op.bodyError = op.thrown;
            }
            if (op.messageIndex > 0 && op.messageOutcome == null) {
                // rejected: a reply refused it; aborted: it ended without one (exception, lost connection, timeout)
                op.messageOutcome = !op.dataStarted && refusedByReply(op) ? "rejected" : "aborted";
            }
        }
        if (op.thrown != null) {
            op.errorType = failingReply(op);
            if (op.errorType == null) {
                op.errorType = op.thrown.rootType;
            }
        } else if (connectFailed && op.errorType == null) {
            op.errorType = "connect_failed";
        }
        if (!closed && (eofSeen || socketErrorSeen) && greeted) {
            // the server closed or reset the connection: that is its end even if the application never calls
            // close() (JavaMail keeps the dead transport "connected" until then, and may never be asked)
            closed = true;
            lingering = true;
        }
        if (closed && ended == null) {
            ended = decideEnd();
        }
        if (inAuth && ended != null) {
            op.authOutcome = "aborted";
        }
        if (ended != null && op.end == null) {
            op.end = ended;
            op.connectionMessages = messages;
            op.connectionDurationMs = (op.endEpochNanos - startEpochNanos) / 1_000_000.0;
        }
        if (!op.isEmpty()) {
            sink.accept(op);
        }
    }

    private static boolean refusedByReply(Operation op) {
        for (Exchange ex : op.exchanges) {
            if (ex.hasReply() && ex.code >= 400 && !"RSET".equals(ex.verb) && !"QUIT".equals(ex.verb)) {
                return true;
            }
        }
        return false;
    }

    /** The last 4xx/5xx reply (or missing reply) in the operation: what made the call fail. */
    private static String failingReply(Operation op) {
        for (int i = op.exchanges.size() - 1; i >= 0; i--) {
            Exchange ex = op.exchanges.get(i);
            if ("RSET".equals(ex.verb) || "QUIT".equals(ex.verb)) {
                continue;
            }
            if (ex.hasReply() && ex.code >= 400) {
                return Integer.toString(ex.code);
            }
        }
        return null;
    }
}
