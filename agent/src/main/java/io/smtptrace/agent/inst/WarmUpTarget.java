package io.smtptrace.agent.inst;

import java.io.OutputStream;
import java.net.Socket;

/**
 * Shaped like SMTPTransport (the members the hooks need), never loaded as a class: the warm-up thread weaves its
 * bytes once so that the weaving code is loaded before the application's first mail class arrives.
 */
@SuppressWarnings("unused")
final class WarmUpTarget {

    private String lastServerResponse;
    private Socket serverSocket;
    private boolean isSSL;

    protected synchronized boolean protocolConnect(String host, int port, String user, String password) {
        return false;
    }

    public synchronized void sendMessage(Object message, Object[] addresses) {
    }

    public synchronized boolean isConnected() {
        return false;
    }

    public synchronized void close() {
    }

    private void openServer(String host, int port) {
    }

    private void openServer() {
    }

    private void sendCommand(byte[] cmd) {
    }

    protected int readServerResponse() {
        return lastServerResponse == null ? -1 : 250;
    }

    protected void startTLS() {
    }

    protected OutputStream data() {
        return null;
    }

    protected OutputStream bdat() {
        return null;
    }

    private void closeConnection() {
    }
}
