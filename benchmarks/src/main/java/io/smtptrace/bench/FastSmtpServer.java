package io.smtptrace.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Minimal accept-everything ESMTP server on 127.0.0.1 for throughput runs: thread per connection, no parsing beyond
 * the verb, nothing kept. {@code dropEveryConnection(k, atMessage)}: on every k-th connection, after the 354 of its
 * message number {@code atMessage}, read a few body bytes and close the socket without a reply (broken mid-DATA).
 */
final class FastSmtpServer implements AutoCloseable {

    private static final byte[] GREETING = ascii("220 localhost ESMTP bench\r\n");
    private static final byte[] EHLO = ascii("250-localhost\r\n250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n250 SIZE 10240000\r\n");
    private static final byte[] OK = ascii("250 2.0.0 Ok\r\n");
    private static final byte[] DATA = ascii("354 End data with <CR><LF>.<CR><LF>\r\n");
    private static final byte[] QUEUED = ascii("250 2.0.0 Ok: queued\r\n");
    private static final byte[] BYE = ascii("221 2.0.0 Bye\r\n");
    private static final byte[] UNKNOWN = ascii("502 5.5.2 Command not recognized\r\n");

    private final ServerSocket socket;
    private final Thread acceptor;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile long firstAcceptedNanos;
    private volatile int dropEvery;
    private volatile int dropAtMessage;
    private volatile boolean closed;

    FastSmtpServer() throws IOException {
        socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        acceptor = new Thread(this::acceptLoop, "fast-smtp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    void dropEveryConnection(int every, int atMessage) {
        this.dropEvery = every;
        this.dropAtMessage = atMessage;
    }

    int port() {
        return socket.getLocalPort();
    }

    long accepted() {
        return accepted.get();
    }

    long dropped() {
        return dropped.get();
    }

    /** System.nanoTime() when the first message since {@link #reset()} was accepted (0: none yet). */
    long firstAcceptedNanos() {
        return firstAcceptedNanos;
    }

    void reset() {
        firstAcceptedNanos = 0;
        accepted.set(0);
        connections.set(0);
        dropped.set(0);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = socket.accept();
                long n = connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s, n), "fast-smtp-" + n);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(Socket s, long connectionNumber) {
        boolean dropThis = dropEvery > 0 && connectionNumber % dropEvery == 0;
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream(), 16384);
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 4096);
            out.write(GREETING);
            out.flush();
            byte[] line = new byte[8192];
            int messages = 0;
            while (true) {
                int len = readLine(in, line);
                if (len < 0) {
                    return;
                }
                int verb = len >= 4 ? upper(line[0]) << 24 | upper(line[1]) << 16 | upper(line[2]) << 8 | upper(line[3]) : 0;
                switch (verb) {
                    case 0x45484C4F, 0x48454C4F -> out.write(EHLO); // EHLO, HELO
                    case 0x4D41494C, 0x52435054, 0x52534554, 0x4E4F4F50 -> out.write(OK); // MAIL RCPT RSET NOOP
                    case 0x44415441 -> { // DATA
                        out.write(DATA);
                        out.flush();
                        messages++;
                        if (dropThis && messages == dropAtMessage) {
                            in.readNBytes(64);
                            dropped.incrementAndGet();
                            return;
                        }
                        while (true) {
                            int l = readLine(in, line);
                            if (l < 0) {
                                return;
                            }
                            if (l == 1 && line[0] == '.') {
                                break;
                            }
                        }
                        if (firstAcceptedNanos == 0) {
                            firstAcceptedNanos = System.nanoTime();
                        }
                        accepted.incrementAndGet();
                        out.write(QUEUED);
                    }
                    case 0x51554954 -> { // QUIT
                        out.write(BYE);
                        out.flush();
                        return;
                    }
                    default -> out.write(UNKNOWN);
                }
                out.flush();
            }
        } catch (IOException e) {
            // client went away
        }
    }

    private static int upper(byte b) {
        return b >= 'a' && b <= 'z' ? b - 32 : b;
    }

    /** Reads up to CRLF (or LF), returns the length without the line ending, -1 at EOF. Long lines are truncated. */
    private static int readLine(InputStream in, byte[] buf) throws IOException {
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return n == 0 ? -1 : n;
            }
            if (b == '\n') {
                if (n > 0 && buf[n - 1] == '\r') {
                    n--;
                }
                return n;
            }
            if (n < buf.length) {
                buf[n++] = (byte) b;
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
    }
}
