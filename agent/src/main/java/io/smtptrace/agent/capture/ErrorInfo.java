package io.smtptrace.agent.capture;

import java.net.SocketException;
import java.net.SocketTimeoutException;

/** What is exported about an exception: class names and messages only, never a stack trace. */
public final class ErrorInfo {

    public final String type;
    public final String message;
    public final String rootType;
    public final String rootMessage;
    /** The outermost TLS exception in the chain (the handshake exception), or the root cause when there is none. */
    public final String tlsType;
    public final String tlsMessage;
    public final boolean timeout;
    public final boolean socketError;
    public final boolean tlsError;
    /** The TCP connection itself failed: refused, unknown host, unreachable, connect timeout. */
    public final boolean connectError;

    /** What the library is known to throw outside the woven methods (see Conversation#operationExit). */
    private ErrorInfo(String type, String message) {
        this.type = type;
        this.message = message;
        this.rootType = type;
        this.rootMessage = message;
        this.tlsType = type;
        this.tlsMessage = message;
        this.timeout = false;
        this.socketError = false;
        this.tlsError = false;
        this.connectError = false;
    }

    static ErrorInfo of(String type, String message) {
        return new ErrorInfo(type, message);
    }

    private ErrorInfo(Throwable t) {
        this.type = t.getClass().getName();
        this.message = t.getMessage();
        Throwable root = t;
        boolean to = t instanceof SocketTimeoutException;
        boolean so = t instanceof SocketException || t instanceof java.io.EOFException;
        boolean tls = t instanceof javax.net.ssl.SSLException;
        Throwable tlsEx = tls ? t : null;
        for (int i = 0; i < 16; i++) {
            Throwable next = cause(root);
            if (next == null || next == root) {
                break;
            }
            root = next;
            to |= root instanceof SocketTimeoutException;
            so |= root instanceof SocketException || root instanceof java.io.EOFException;
            boolean isTls = root instanceof javax.net.ssl.SSLException
                    || root instanceof java.security.cert.CertificateException;
            tls |= isTls;
            if (isTls && tlsEx == null) {
                tlsEx = root;
            }
        }
        this.rootType = root.getClass().getName();
        this.rootMessage = root.getMessage();
        this.tlsType = tlsEx != null ? tlsEx.getClass().getName() : rootType;
        this.tlsMessage = tlsEx != null ? tlsEx.getMessage() : rootMessage;
        this.timeout = to;
        this.socketError = so;
        this.tlsError = tls;
        this.connectError = root instanceof java.net.ConnectException || root instanceof java.net.UnknownHostException
                || root instanceof java.net.NoRouteToHostException
                || (root instanceof SocketTimeoutException && String.valueOf(root.getMessage()).contains("connect"));
    }

    private ErrorInfo(ErrorInfo e, AuthReplyRedaction r) {
        this.type = e.type;
        this.message = r.redact(e.message);
        this.rootType = e.rootType;
        this.rootMessage = r.redact(e.rootMessage);
        this.tlsType = e.tlsType;
        this.tlsMessage = r.redact(e.tlsMessage);
        this.timeout = e.timeout;
        this.socketError = e.socketError;
        this.tlsError = e.tlsError;
        this.connectError = e.connectError;
    }

    /** The same, with what the AUTH exchange's replies redacted also redacted here (libraries repeat the reply). */
    ErrorInfo redacted(AuthReplyRedaction r) {
        return r == null ? this : new ErrorInfo(this, r);
    }

    public static ErrorInfo of(Throwable t) {
        return t == null ? null : new ErrorInfo(t);
    }

    /** JavaMail's MessagingException keeps its cause in getNextException() in old versions, which getCause() covers. */
    private static Throwable cause(Throwable t) {
        return t.getCause();
    }
}
