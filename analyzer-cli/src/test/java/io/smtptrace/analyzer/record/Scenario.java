package io.smtptrace.analyzer.record;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.TooMuchDataException;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A recorded situation: an embedded SubEthaSMTP server configured one way and a client spec that misuses (or uses) it.
 * Each scenario is the ground truth for one or more rules.
 */
public enum Scenario {
    OK, NO_AUTH_RETRY, BAD_PASSWORD, OVERSIZE, RECIPIENT_UNKNOWN, RELAY_DENIED, SENDER_REJECTED, STARTTLS_REQUIRED,
    TLS_HANDSHAKE_FAILED, IMPLICIT_TLS_ON_PLAIN_PORT, PLAINTEXT_ON_TLS_PORT, BODY_ABORTED, GREYLISTED, TIMEOUT,
    PROTOCOL_ERROR, CONNECTION_PER_MESSAGE;

    public static final String USER = "app";
    public static final String PASSWORD = "s3cret-Pa55";

    /** A running server (or fake) plus the client spec to run against it. */
    public interface Running extends AutoCloseable {
        ClientSpec client();
        @Override void close();
    }

    public Running start() throws Exception {
        ClientSpec c = new ClientSpec();
        SMTPServer.Builder b = SMTPServer.port(0).hostName("mx.test.local").connectionTimeout(10, TimeUnit.SECONDS);
        Handler h = new Handler();
        boolean auth = true;
        switch (this) {
            case OK -> { c.user = USER; c.password = PASSWORD; c.prop("mail.debug.auth", true); } // AUTH lines in the log: must be redacted
            case CONNECTION_PER_MESSAGE -> { c.user = USER; c.password = PASSWORD; }
            case NO_AUTH_RETRY -> c.attempts = 3;
            case BAD_PASSWORD -> { c.user = USER; c.password = "wrong"; c.attempts = 3; }
            case OVERSIZE -> { c.user = USER; c.password = PASSWORD; c.bodyBytes = 6000; b.maxMessageSize(3000); h.maxBytes = 3000; }
            case RECIPIENT_UNKNOWN -> { auth = false; c.to = List.of("alice@example.com", "nobody@example.com"); c.prop("mail.smtp.sendpartial", true); }
            case RELAY_DENIED -> { auth = false; c.to = List.of("bob@outside.example"); }
            case SENDER_REJECTED -> { auth = false; c.from = "noreply@nonexistent.invalid"; }
            case STARTTLS_REQUIRED -> { auth = false; b.enableTLS().requireTLS(); }
            case TLS_HANDSHAKE_FAILED -> { auth = false; b.enableTLS().startTlsSocketFactory(selfSignedContext()); c.prop("mail.smtp.starttls.enable", true); }
            case IMPLICIT_TLS_ON_PLAIN_PORT -> { auth = false; c.prop("mail.smtp.ssl.enable", true); }
            case PLAINTEXT_ON_TLS_PORT -> { return silentServer(c); }
            case BODY_ABORTED -> { c.user = USER; c.password = PASSWORD; c.failingBody = true; }
            case GREYLISTED -> { auth = false; c.attempts = 3; h.greylist = true; }
            case TIMEOUT -> { auth = false; h.rcptDelayMs = 900; c.prop("mail.smtp.timeout", 300); }
            case PROTOCOL_ERROR -> { c.user = USER; c.password = PASSWORD; c.extraCommand = "XCLIENT NAME=app"; }
        }
        if (this == CONNECTION_PER_MESSAGE) c.attempts = 6;
        if (auth) {
            b.requireAuth().authenticationHandlerFactory(new EasyAuthenticationHandlerFactory(Scenario::login));
        }
        b.messageHandlerFactory((MessageContext ctx) -> h.copy());
        SMTPServer server = b.build();
        server.start();
        c.port = server.getPortAllocated();
        return new Running() {
            @Override public ClientSpec client() { return c; }
            @Override public void close() { server.stop(); }
        };
    }

    private static void login(String user, String pass, MessageContext ctx) throws LoginFailedException {
        if (!USER.equals(user) || !PASSWORD.equals(pass)) throw new LoginFailedException("5.7.8 Authentication credentials invalid");
    }

    /** A port that accepts connections and waits for a TLS ClientHello, like an implicit-TLS (465) listener. */
    private static Running silentServer(ClientSpec c) throws IOException {
        ServerSocket ss = new ServerSocket(0);
        List<Socket> open = new ArrayList<>();
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    Socket s = ss.accept();
                    synchronized (open) { open.add(s); }
                }
            } catch (IOException ignored) {
                // closed
            }
        }, "silent-tls-port");
        t.setDaemon(true);
        t.start();
        c.port = ss.getLocalPort();
        c.prop("mail.smtp.timeout", 300).prop("mail.smtp.connectiontimeout", 500);
        return new Running() {
            @Override public ClientSpec client() { return c; }
            @Override public void close() {
                try {
                    ss.close();
                    synchronized (open) { for (Socket s : open) s.close(); }
                } catch (IOException ignored) {
                    // best effort
                }
            }
        };
    }

    private static SSLContext selfSigned;

    static synchronized SSLContext selfSignedContext() throws Exception {
        if (selfSigned == null) {
            Path dir = Files.createTempDirectory("smtptrace-ks");
            Path ks = dir.resolve("server.p12");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "smtp", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=mx.test.local", "-keystore", ks.toString(), "-storetype", "PKCS12",
                    "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(ks)) {
                store.load(in, "changeit".toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, "changeit".toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            selfSigned = ctx;
        }
        return selfSigned;
    }

    /** Message handler with the scenario's server-side policies. */
    static final class Handler implements MessageHandler {
        boolean greylist;
        long rcptDelayMs;
        int maxBytes;

        Handler copy() {
            Handler h = new Handler();
            h.greylist = greylist;
            h.rcptDelayMs = rcptDelayMs;
            h.maxBytes = maxBytes;
            return h;
        }

        @Override public void from(String from) throws RejectException {
            if (from.endsWith(".invalid")) throw new RejectException(553, "5.1.8 <" + from + ">: Sender address rejected: Domain not found");
        }

        @Override public void recipient(String rcpt) throws RejectException {
            if (rcptDelayMs > 0) {
                try { Thread.sleep(rcptDelayMs); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
            }
            if (greylist) throw new RejectException(451, "4.7.1 <" + rcpt + ">: Recipient address rejected: Greylisted, try again in 300 seconds");
            if (rcpt.startsWith("nobody@")) throw new RejectException(550, "5.1.1 <" + rcpt + ">: Recipient address rejected: User unknown in local recipient table");
            if (rcpt.endsWith("@outside.example")) throw new RejectException(554, "5.7.1 <" + rcpt + ">: Relay access denied");
        }

        @Override public String data(InputStream data) throws RejectException, TooMuchDataException, IOException {
            byte[] all = data.readAllBytes();
            if (maxBytes > 0 && all.length > maxBytes) throw new RejectException(552, "5.3.4 Message size exceeds fixed limit");
            return null;
        }

        @Override public void done() {}
    }

    /** Runs the scenario's client with the given library. */
    public void runClient(Library lib, ClientSpec spec, java.io.PrintStream debugOut, Consumer<Exception> onError) {
        if (lib == Library.JAVAX_MAIL_1_6_2) JavaxMailClient.run(spec, debugOut, onError);
        else AngusMailClient.run(spec, debugOut, onError);
    }

    public enum Library {
        JAVAX_MAIL_1_6_2("com.sun.mail.smtp"), ANGUS_MAIL_2_0_3("org.eclipse.angus.mail.smtp");
        public final String loggerName;
        Library(String loggerName) { this.loggerName = loggerName; }
    }
}
