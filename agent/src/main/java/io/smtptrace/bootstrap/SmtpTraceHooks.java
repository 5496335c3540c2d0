package io.smtptrace.bootstrap;

/**
 * What instrumented mail classes report. Lives on the bootstrap class path so that advice inlined into a mail library
 * loaded by any class loader can reach it; only JDK types cross this boundary.
 */
public interface SmtpTraceHooks {

    /** A public transport operation starts: {@code kind} is one of connect, send, check, close. */
    void operationEnter(Object transport, String kind);

    void operationExit(Object transport, String kind, Throwable thrown);

    /** Before the socket is opened; {@code port} may be -1 when the library picks the default. */
    void connectStart(Object transport, String host, int port, boolean sslRequested);

    /** After the greeting was read (or the attempt failed); {@code socket} is the transport's socket, or null. */
    void connectEnd(Object transport, Object socket, Throwable thrown);

    void command(Object transport, byte[] line);

    /** A reply was read: {@code code} as parsed by the library, {@code text} its raw lines joined by '\n'. */
    void reply(Object transport, int code, String text, Throwable thrown);

    void startTlsEnd(Object transport, Object socket, Throwable thrown);

    /** The stream the message body is written to, right after DATA/354 (or for BDAT). */
    void bodyStream(Object transport, Object stream, boolean bdat);

    void bodyWrite(Object stream, byte[] bytes, int off, int len);

    void bodyWrite(Object stream, int b);

    /** The connection's socket is being closed (QUIT, error, or finalisation). */
    void connectionClosed(Object transport);
}
