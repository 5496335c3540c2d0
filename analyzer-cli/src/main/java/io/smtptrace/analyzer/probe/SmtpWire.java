package io.smtptrace.analyzer.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A plain blocking SMTP client connection on JDK sockets: connect and read timeouts on everything, a reply reader for
 * multi-line replies, the STARTTLS upgrade, and a transcript in which AUTH arguments and answers to 334 are redacted.
 */
final class SmtpWire implements AutoCloseable {
    private static final int MAX_LINE = 4096;
    private static final int MAX_LINES = 200;

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final List<String> transcript = new ArrayList<>();
    private boolean redactNext;
    /** A server that drips bytes just inside the read timeout must not hold the probe for ever. */
    private final long deadline;

    private SmtpWire(Socket socket, long maxSessionNanos) throws IOException {
        use(socket);
        deadline = System.nanoTime() + maxSessionNanos;
    }

    /** A TCP connection; {@code tls} wraps it for implicit TLS (the handshake runs on the first read or on {@link #handshake}). */
    static SmtpWire connect(String host, int port, int connectTimeoutMs, int readTimeoutMs) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            s.setSoTimeout(readTimeoutMs);
            return new SmtpWire(s, 10L * Math.max(connectTimeoutMs, readTimeoutMs) * 1_000_000L);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private void use(Socket s) throws IOException {
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
    }

    /** Layers TLS over the current connection and runs the handshake; returns the TLS socket. */
    SSLSocket startTls(SSLSocketFactory factory, String host, int port) throws IOException {
        SSLSocket tls = (SSLSocket) factory.createSocket(socket, host, port, true);
        tls.setUseClientMode(true);
        tls.setSoTimeout(socket.getSoTimeout());
        tls.startHandshake();
        use(tls);
        return tls;
    }

    void setReadTimeout(int ms) throws IOException {
        socket.setSoTimeout(ms);
    }

    Reply read() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) throw new IOException("connection closed by the server");
            lines.add(line);
            transcript.add("S: " + line);
            boolean last = line.length() < 4 || line.charAt(3) != '-';
            if (last || lines.size() >= MAX_LINES) {
                int code;
                try {
                    code = Integer.parseInt(line.substring(0, Math.min(3, line.length())));
                } catch (NumberFormatException e) {
                    throw new IOException("not an SMTP reply: " + printable(line));
                }
                redactNext = code == 334;
                return new Reply(code, List.copyOf(lines));
            }
        }
    }

    Reply command(String line) throws IOException {
        send(line);
        return read();
    }

    void send(String line) throws IOException {
        String shown = line;
        if (redactNext) shown = "[redacted]";
        else if (line.regionMatches(true, 0, "AUTH ", 0, 5)) {
            int sp = line.indexOf(' ', 5);
            shown = sp < 0 ? line : line.substring(0, sp) + " [redacted]";
        }
        transcript.add("C: " + shown);
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Writes raw bytes (message data), not recorded in the transcript. */
    void sendData(byte[] data) throws IOException {
        out.write(data);
        out.flush();
    }

    List<String> transcript() {
        return transcript;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (System.nanoTime() > deadline) throw new SocketTimeoutException("the session took longer than 10 read timeouts");
            if (c == '\n') break;
            if (b.size() < MAX_LINE) b.write(c);
        }
        if (c < 0 && b.size() == 0) return null;
        String s = b.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) b.append(ch >= 0x20 && ch < 0x7f ? ch : '.');
        return b.length() > 60 ? b.substring(0, 60) + "..." : b.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing after a failure: nothing left to do
        }
    }
}
