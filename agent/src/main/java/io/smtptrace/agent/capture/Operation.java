package io.smtptrace.agent.capture;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One transport call (connect, send, check, close, or a bare command) with the exchanges it made. Mutable while the
 * call runs on the application thread; handed to the sink, it is never written again.
 */
public final class Operation {

    public final ConnectionInfo connection;
    public final OperationKind kind;
    public final long startEpochNanos;
    long endEpochNanos;
    final List<Exchange> exchanges = new ArrayList<>(6);
    /** The application's current span when this operation started (issue #11); null when there was none. */
    ParentRef parent;

    ErrorInfo thrown;
    String errorType;

    // connect
    String tlsMode;
    TlsInfo tls;
    ErrorInfo tlsError;
    EhloInfo ehlo;
    boolean startTlsOffered;
    String authMechanism;
    String authOutcome;
    int authReplyCode;

    // send
    int messageIndex;
    String sender;
    List<String> recipients;
    List<String> refused;
    String dataMode;
    boolean dataStarted;
    boolean dataCompleted;
    /** The end of data ({@code .} or {@code BDAT ... LAST}) was written, whether or not a reply came. */
    boolean dataEndSent;
    BodyStats body;
    BodyStats.Snapshot bodySnapshot;
    ErrorInfo bodyError;
    String messageOutcome;

    // connection end
    ConnectionEnd end;
    int connectionMessages;
    double connectionDurationMs;

    Operation(ConnectionInfo connection, OperationKind kind, long startEpochNanos) {
        this.connection = connection;
        this.kind = kind;
        this.startEpochNanos = startEpochNanos;
    }

    public long endEpochNanos() {
        return endEpochNanos;
    }

    /** The application's span current on the calling thread when the operation started, or null. */
    public ParentRef parent() {
        return parent;
    }

    public List<Exchange> exchanges() {
        return Collections.unmodifiableList(exchanges);
    }

    /** The number of exchanges; with {@link #exchange(int)}, walks them without a list view or iterator. */
    public int exchangeCount() {
        return exchanges.size();
    }

    public Exchange exchange(int i) {
        return exchanges.get(i);
    }

    public ErrorInfo thrown() {
        return thrown;
    }

    /** The failing reply code, or the root-cause exception class; null when the operation succeeded. */
    public String errorType() {
        return errorType;
    }

    public String tlsMode() {
        return tlsMode;
    }

    public TlsInfo tls() {
        return tls;
    }

    public ErrorInfo tlsError() {
        return tlsError;
    }

    public EhloInfo ehlo() {
        return ehlo;
    }

    public boolean startTlsOffered() {
        return startTlsOffered;
    }

    public String authMechanism() {
        return authMechanism;
    }

    public String authOutcome() {
        return authOutcome;
    }

    public int authReplyCode() {
        return authReplyCode;
    }

    public int messageIndex() {
        return messageIndex;
    }

    public String sender() {
        return sender;
    }

    public List<String> recipients() {
        return recipients == null ? List.of() : recipients;
    }

    public List<String> refused() {
        return refused == null ? List.of() : refused;
    }

    public String dataMode() {
        return dataMode;
    }

    public boolean dataStarted() {
        return dataStarted;
    }

    public boolean dataCompleted() {
        return dataCompleted;
    }

    public boolean dataEndSent() {
        return dataEndSent;
    }

    public BodyStats.Snapshot body() {
        return bodySnapshot;
    }

    public ErrorInfo bodyError() {
        return bodyError;
    }

    public String messageOutcome() {
        return messageOutcome;
    }

    public ConnectionEnd end() {
        return end;
    }

    public int connectionMessages() {
        return connectionMessages;
    }

    public double connectionDurationMs() {
        return connectionDurationMs;
    }

    boolean isEmpty() {
        return exchanges.isEmpty() && thrown == null && end == null && messageIndex == 0;
    }
}
