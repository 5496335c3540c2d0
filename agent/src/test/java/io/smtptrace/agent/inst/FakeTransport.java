package io.smtptrace.agent.inst;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/**
 * Shaped like SMTPTransport, with the control flow the weaver must survive: handlers of its own, loops at the start,
 * several returns, wide locals, exceptions out of hooked methods. Never loaded from here: {@link WeaverTest} loads
 * its bytes, woven and as they are, in class loaders of its own.
 */
@SuppressWarnings({"unused", "WeakerAccess"})
public class FakeTransport {

    private String lastServerResponse = "220 ready";
    private Socket serverSocket;
    private boolean isSSL = true;
    private int replies;
    public final StringBuilder log = new StringBuilder();

    protected synchronized boolean protocolConnect(String host, int port, String user, String password)
            throws IOException {
        int tries = 0;
        while (tries < 3) { // a loop head at the very start: a stack map frame at offset 0
            tries++;
            try {
                openServer(host, port);
                break;
            } catch (IllegalStateException handledHere) {
                log.append("retry;");
            }
        }
        long wide = 1L << 40;
        double d = wide / 3.0;
        if (user == null) {
            return false;
        }
        sendCommand(("AUTH " + user).getBytes());
        return readServerResponse() == 235 && d > 0;
    }

    private int opens;

    private void openServer(String host, int port) throws IOException {
        if (opens++ == 0 && "flaky".equals(host)) {
            throw new IllegalStateException("first attempt fails, caught by protocolConnect");
        }
        if (port < 0) {
            throw new IOException("refused");
        }
        serverSocket = new Socket();
        lastServerResponse = "220 " + host;
    }

    private void openServer() {
        serverSocket = new Socket();
    }

    private void sendCommand(byte[] cmd) throws IOException {
        if (new String(cmd).startsWith("FAIL")) {
            throw new IOException("broken pipe");
        }
        log.append(new String(cmd)).append(';');
    }

    protected int readServerResponse() throws IOException {
        replies++;
        if (replies == 99) {
            throw new IOException("read timed out");
        }
        if (log.indexOf("AUTH") >= 0) {
            lastServerResponse = "235 2.7.0 ok";
            return 235;
        }
        lastServerResponse = "250 ok";
        return 250;
    }

    protected void startTLS() throws IOException {
        throw new IOException("handshake failed");
    }

    protected OutputStream data() {
        return new ByteArrayOutputStream();
    }

    public synchronized void sendMessage(Object message, Object[] addresses) throws IOException {
        sendCommand(String.valueOf(message).getBytes());
        readServerResponse();
    }

    public synchronized boolean isConnected() {
        return serverSocket != null;
    }

    public synchronized void close() {
        closeConnection();
    }

    private void closeConnection() {
        serverSocket = null;
    }

    public void failRead() {
        replies = 98;
    }
}
