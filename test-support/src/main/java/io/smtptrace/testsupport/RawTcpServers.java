package io.smtptrace.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Raw TCP listeners on 127.0.0.1 for failure tests. */
public final class RawTcpServers {

    private RawTcpServers() {
    }

    /** Accepts connections and never sends anything (no greeting): clients hit their read timeout. */
    public static Listener silent() {
        return new Listener(null);
    }

    /**
     * Sends a plaintext {@code 220} greeting, then reads and discards everything, never replying again. Use it
     * for TLS-against-plaintext tests (an SMTPS client gets an SSL handshake error). An {@link SmtpTestServer}
     * without TLS serves the same purpose with a full conversation.
     */
    public static Listener plaintextGreeting() {
        return new Listener("220 localhost ESMTP plaintext only\r\n");
    }

    /** Sends this text (include the CRLFs) on connect, then reads and discards everything. */
    public static Listener sending(String text) {
        return new Listener(text);
    }

    /** A port on 127.0.0.1 where nothing listens (bound once, then released): connecting is refused. */
    public static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(SmtpTestServer.HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A listening socket with a daemon accept thread; close it to stop. */
    public static final class Listener implements AutoCloseable {
        private final ServerSocket server;
        private final String greeting;
        private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
        private final AtomicInteger accepted = new AtomicInteger();

        private Listener(String greeting) {
            this.greeting = greeting;
            try {
                server = new ServerSocket();
                server.bind(new InetSocketAddress(InetAddress.getByName(SmtpTestServer.HOST), 0), 50);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread t = new Thread(this::acceptLoop, "raw-tcp-" + server.getLocalPort());
            t.setDaemon(true);
            t.start();
        }

        public String host() {
            return SmtpTestServer.HOST;
        }

        public int port() {
            return server.getLocalPort();
        }

        /** Number of connections accepted so far. */
        public int acceptedConnections() {
            return accepted.get();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    accepted.incrementAndGet();
                    sockets.add(s);
                    Thread t = new Thread(() -> serve(s), "raw-tcp-conn-" + server.getLocalPort());
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try {
                if (greeting != null) {
                    OutputStream out = s.getOutputStream();
                    out.write(greeting.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                byte[] buf = new byte[4096];
                while (s.getInputStream().read(buf) != -1) {
                    // discard
                }
            } catch (IOException ignored) {
                // peer gone
            } finally {
                sockets.remove(s);
                try {
                    s.close();
                } catch (IOException ignored) {
                    // nothing
                }
            }
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException ignored) {
                // nothing
            }
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // nothing
                }
            }
        }
    }
}
