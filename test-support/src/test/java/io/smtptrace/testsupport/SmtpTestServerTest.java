package io.smtptrace.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.mail.smtp.SMTPSendFailedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import javax.activation.DataHandler;
import javax.mail.AuthenticationFailedException;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.SendFailedException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** Every SmtpTestServer policy against the real javax.mail 1.6.2 client, in process. */
class SmtpTestServerTest {

    private static final Duration T = Duration.ofSeconds(5);

    private final ByteArrayOutputStream debug = new ByteArrayOutputStream();

    private Session session(SmtpTestServer server, String... kv) {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", server.host());
        p.setProperty("mail.smtp.port", String.valueOf(server.port()));
        p.setProperty("mail.smtps.host", server.host());
        p.setProperty("mail.smtps.port", String.valueOf(server.port()));
        p.setProperty("mail.smtp.connectiontimeout", "5000");
        p.setProperty("mail.smtp.timeout", "5000");
        p.setProperty("mail.smtps.timeout", "5000");
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        Session s = Session.getInstance(p);
        s.setDebugOut(new PrintStream(debug, true, StandardCharsets.UTF_8));
        s.setDebug(true);
        return s;
    }

    private static MimeMessage message(Session s, String to, String body) throws MessagingException {
        MimeMessage m = new MimeMessage(s);
        m.setFrom(new InternetAddress("sender@example.com"));
        m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to));
        m.setSubject("hello");
        m.setText(body);
        m.saveChanges();
        return m;
    }

    private void send(SmtpTestServer server, Session s, String user, String password, MimeMessage m)
            throws MessagingException {
        try (Transport t = s.getTransport()) {
            t.connect(server.host(), server.port(), user, password);
            t.sendMessage(m, m.getAllRecipients());
        }
    }

    private String debug() {
        return debug.toString(StandardCharsets.UTF_8);
    }

    @Test
    void acceptsAndRecordsMessages() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.start()) {
            Session s = session(server);
            MimeMessage m = message(s, "a@example.com, b@example.org", "line one\r\n.dotted line\r\n");
            send(server, s, null, null, m);
            List<Received> received = server.received();
            assertThat(received).hasSize(1);
            Received r = received.get(0);
            assertThat(r.sender()).isEqualTo("sender@example.com");
            assertThat(r.recipients()).containsExactly("a@example.com", "b@example.org");
            assertThat(r.header("Subject")).isEqualTo("hello");
            assertThat(r.body()).isEqualTo("line one\r\n.dotted line\r\n");
            assertThat(r.tls()).isFalse();
            assertThat(r.authenticatedUser()).isNull();
            assertThat(r.comparableData()).doesNotContain("Message-ID").contains("Subject: hello");
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            m.writeTo(raw);
            assertThat(new String(r.data(), StandardCharsets.UTF_8)).isEqualTo(raw.toString(StandardCharsets.UTF_8));
            assertThat(server.commands()).contains("EHLO localhost", "DATA", "QUIT")
                    .anyMatch(c -> c.startsWith("MAIL FROM:<sender@example.com>"));
            assertThat(server.connectionCount()).isEqualTo(1);
            assertThat(debug()).contains("220 localhost ESMTP", "250 2.0.0 Ok: queued as 1", "221 2.0.0 Bye");
        }
    }

    @Test
    void requireAuthPlainLoginAndXoauth2() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().requireAuth("user", "secret").xoauth2Token("tok").start()) {
            // not authenticated
            Session s = session(server);
            Throwable e = catchThrowable(() -> send(server, s, null, null, message(s, "a@example.com", "x")));
            assertThat(e).isInstanceOf(SMTPSendFailedException.class)
                    .hasMessageContaining("530 5.7.0 Authentication required");
            assertThat(((SMTPSendFailedException) e).getReturnCode()).isEqualTo(530);
            assertThat(debug()).contains("250-AUTH PLAIN LOGIN XOAUTH2");

            // wrong credentials
            assertThatThrownBy(() -> send(server, s, "user", "wrong", message(s, "a@example.com", "x")))
                    .isInstanceOf(AuthenticationFailedException.class)
                    .hasMessageContaining("535 5.7.8 Authentication credentials invalid");

            // each mechanism
            for (String mech : List.of("PLAIN", "LOGIN", "XOAUTH2")) {
                Session ok = session(server, "mail.smtp.auth", "true", "mail.smtp.auth.mechanisms", mech);
                send(server, ok, "user", mech.equals("XOAUTH2") ? "tok" : "secret", message(ok, "a@example.com", mech));
            }
            assertThat(server.received()).hasSize(3).allMatch(r -> "user".equals(r.authenticatedUser()));
            assertThat(server.commands()).anyMatch(c -> c.startsWith("AUTH PLAIN"))
                    .anyMatch(c -> c.startsWith("AUTH LOGIN")).anyMatch(c -> c.startsWith("AUTH XOAUTH2"));
            Session badToken = session(server, "mail.smtp.auth.mechanisms", "XOAUTH2");
            assertThatThrownBy(() -> send(server, badToken, "user", "secret", message(badToken, "a@example.com", "x")))
                    .isInstanceOf(AuthenticationFailedException.class);
        }
    }

    @Test
    void offerStartTls() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().offerStartTls().start()) {
            Session s = session(server, "mail.smtp.starttls.enable", "true", "mail.smtp.ssl.trust", "*");
            send(server, s, null, null, message(s, "a@example.com", "x"));
            assertThat(server.received()).singleElement().matches(Received::tls);
            assertThat(debug()).contains("250-STARTTLS", "220 2.0.0 Ready to start TLS");
            // a client that does not ask for TLS still gets through
            Session plain = session(server);
            send(server, plain, null, null, message(plain, "a@example.com", "x"));
            assertThat(server.received()).hasSize(2).last().matches(r -> !r.tls());
        }
    }

    @Test
    void requireStartTlsWithTrustStoreAndAuthAfterTls() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().requireStartTls().requireAuth("u", "p").start()) {
            Session plain = session(server);
            assertThatThrownBy(() -> send(server, plain, null, null, message(plain, "a@example.com", "x")))
                    .hasMessageContaining("530 5.7.0 Must issue a STARTTLS command first");
            assertThat(debug()).doesNotContain("250-AUTH");
            // raw: everything but EHLO/HELO/NOOP/QUIT/STARTTLS is refused before TLS
            try (Socket sock = new Socket(server.host(), server.port())) {
                RawClient c = new RawClient(sock);
                assertThat(c.read()).startsWith("220 ");
                assertThat(c.cmd("NOOP")).isEqualTo("250 2.0.0 Ok");
                assertThat(c.cmd("RSET")).isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
                assertThat(c.cmd("AUTH PLAIN AHUAcA==")).isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
                assertThat(c.cmd("HELO x")).isEqualTo("250 localhost");
                assertThat(c.cmd("MAIL FROM:<a@b>")).isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
                assertThat(c.cmd("QUIT")).isEqualTo("221 2.0.0 Bye");
            }
            // the checked-in certificate verifies (hostname "localhost" included) against the test trust store
            Session tls = session(server, "mail.smtp.starttls.enable", "true", "mail.smtp.starttls.required", "true",
                    "mail.smtp.ssl.checkserveridentity", "true");
            tls.getProperties().put("mail.smtp.ssl.socketFactory", TestTls.clientContext().getSocketFactory());
            try (Transport t = tls.getTransport()) {
                t.connect("localhost", server.port(), "u", "p");
                MimeMessage m = message(tls, "a@example.com", "x");
                t.sendMessage(m, m.getAllRecipients());
            }
            assertThat(server.received()).singleElement().matches(r -> r.tls() && "u".equals(r.authenticatedUser()));
        }
    }

    @Test
    void implicitTls() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().implicitTls().start()) {
            Session s = session(server, "mail.smtps.ssl.trust", "*");
            try (Transport t = s.getTransport("smtps")) {
                t.connect(server.host(), server.port(), null, null);
                MimeMessage m = message(s, "a@example.com", "x");
                t.sendMessage(m, m.getAllRecipients());
            }
            assertThat(server.received()).singleElement().matches(Received::tls);
            // with the client context trusting the test certificate
            try (SSLSocket sock = (SSLSocket) TestTls.clientContext().getSocketFactory()
                    .createSocket(server.host(), server.port())) {
                assertThat(new RawClient(sock).read()).startsWith("220 localhost");
            }
            // plaintext SMTP against it fails
            Session plain = session(server, "mail.smtp.timeout", "300");
            assertThatThrownBy(() -> send(server, plain, null, null, message(plain, "a@example.com", "x")))
                    .isInstanceOf(MessagingException.class);
        }
    }

    @Test
    void maxMessageSize() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().maxMessageSize(1000).start()) {
            Session s = session(server);
            send(server, s, null, null, message(s, "a@example.com", "small"));
            Throwable e = catchThrowable(() -> send(server, s, null, null, message(s, "a@example.com", "x".repeat(2000))));
            assertThat(e).isInstanceOf(SMTPSendFailedException.class)
                    .hasMessageContaining("552 5.3.4 Message size exceeds fixed limit");
            assertThat(debug()).contains("250-SIZE 1000");
            assertThat(server.received()).hasSize(1);
            // the reply came after the data
            assertThat(debug().indexOf("552 5.3.4")).isGreaterThan(debug().lastIndexOf("354 End data"));
        }
    }

    @Test
    void refuseRecipientAndRelayDenied() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder()
                .refuseRecipient("nobody@example.com", 550, "5.1.1 user unknown")
                .refuseRecipient("@blocked.example", 550, "5.7.1 domain blocked")
                .relayDenied("elsewhere.example")
                .offerAuth("u", "p")
                .start()) {
            Session s = session(server);
            Throwable e = catchThrowable(() -> send(server, s, null, null, message(s, "nobody@example.com", "x")));
            assertThat(e).isInstanceOf(SendFailedException.class).hasMessageContaining("Invalid Addresses");
            assertThat(MailClientApp.describe(e)).contains("550 5.1.1 user unknown", "[returnCode=550]");

            e = catchThrowable(() -> send(server, s, null, null, message(s, "x@blocked.example", "x")));
            assertThat(MailClientApp.describe(e)).contains("550 5.7.1 domain blocked");

            e = catchThrowable(() -> send(server, s, null, null, message(s, "x@elsewhere.example", "x")));
            assertThat(MailClientApp.describe(e)).contains("554 5.7.1 Relay access denied");
            // partial: one good, one bad recipient with sendpartial
            Session partial = session(server, "mail.smtp.sendpartial", "true");
            e = catchThrowable(() -> send(server, partial, null, null,
                    message(partial, "ok@example.com, nobody@example.com", "x")));
            assertThat(e).isInstanceOf(SendFailedException.class);
            assertThat(server.received()).singleElement().extracting(Received::recipients).asList()
                    .containsExactly("ok@example.com");
            // authenticated senders may relay
            send(server, s, "u", "p", message(s, "x@elsewhere.example", "x"));
            assertThat(server.received()).hasSize(2);
        }
    }

    @Test
    void rejectAfterDataAndRejectSender() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().rejectAfterData(554, "5.6.0 content rejected").start()) {
            Session s = session(server);
            Throwable e = catchThrowable(() -> send(server, s, null, null, message(s, "a@example.com", "x")));
            assertThat(e).isInstanceOf(SMTPSendFailedException.class).hasMessageContaining("554 5.6.0 content rejected");
            assertThat(((SMTPSendFailedException) e).getReturnCode()).isEqualTo(554);
            assertThat(server.received()).isEmpty();
        }
        try (SmtpTestServer server = SmtpTestServer.builder().rejectSender(553, "5.7.1 sender rejected").start()) {
            Session s = session(server);
            assertThatThrownBy(() -> send(server, s, null, null, message(s, "a@example.com", "x")))
                    .hasMessageContaining("553 5.7.1 sender rejected");
        }
    }

    @Test
    void greylistFirstAttempts() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().greylist(2).start()) {
            Session s = session(server);
            for (int i = 0; i < 2; i++) {
                Throwable e = catchThrowable(() -> send(server, s, null, null, message(s, "a@example.com", "x")));
                assertThat(MailClientApp.describe(e)).contains("451 4.7.1 Greylisted", "[returnCode=451]");
            }
            send(server, s, null, null, message(s, "a@example.com", "x"));
            assertThat(server.received()).hasSize(1);
            assertThat(server.rcptAttempts()).isEqualTo(3);
        }
    }

    @Test
    void dropAfterDataClosesWithoutReply() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().dropAfterData(50).start()) {
            Session s = session(server);
            // short message: the client finished the body and waits for the reply, gets EOF
            Throwable e = catchThrowable(() -> send(server, s, null, null, message(s, "a@example.com", "x")));
            assertThat(e).isInstanceOf(MessagingException.class);
            // large message: broken connection while writing the body (or EOF while reading the reply)
            e = catchThrowable(() -> send(server, s, null, null, message(s, "a@example.com", "y".repeat(2_000_000))));
            assertThat(e).isInstanceOf(MessagingException.class);
            assertThat(server.received()).isEmpty();
            assertThat(debug()).contains("354 End data").doesNotContain("250 2.0.0 Ok: queued");
        }
        // raw view: the server reads exactly N bytes then closes, no reply at all
        try (SmtpTestServer server = SmtpTestServer.builder().dropAfterData(5).start();
             Socket sock = new Socket(server.host(), server.port())) {
            RawClient c = new RawClient(sock);
            c.read();
            c.cmd("HELO x");
            c.cmd("MAIL FROM:<a@b>");
            c.cmd("RCPT TO:<c@d>");
            assertThat(c.cmd("DATA")).startsWith("354 ");
            c.out.write("12345".getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
            assertThat(sock.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void slowReplies() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().slowReplies(Duration.ofMillis(120)).start()) {
            Session s = session(server, "mail.smtp.timeout", "60");
            Throwable e = catchThrowable(() -> send(server, s, null, null, message(s, "a@example.com", "x")));
            assertThat(MailClientApp.describe(e)).contains(SocketTimeoutException.class.getName());
            long start = System.nanoTime();
            Session patient = session(server);
            send(server, patient, null, null, message(patient, "a@example.com", "x"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(120 * 7));
        }
    }

    @Test
    void chunkingWithBdat() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().chunking().start()) {
            Session s = session(server, "mail.smtp.chunksize", "100");
            send(server, s, null, null, message(s, "a@example.com", "z".repeat(450) + "\r\n"));
            assertThat(server.received()).singleElement().matches(r -> r.body().startsWith("zzzz"));
            assertThat(server.commands()).anyMatch(c -> c.startsWith("BDAT ") && c.endsWith(" LAST"));
        }
    }

    @Test
    void refuseConnections() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.builder().refuseConnections(554, "5.3.2 No service").start()) {
            Session s = session(server);
            assertThatThrownBy(() -> send(server, s, null, null, message(s, "a@example.com", "x")))
                    .hasMessageContaining("554");
        }
    }

    @Test
    void failingAttachmentBreaksTheConnectionMidBody() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.start()) {
            Session s = session(server);
            MimeMessage m = new MimeMessage(s);
            m.setFrom(new InternetAddress("sender@example.com"));
            m.setRecipients(Message.RecipientType.TO, "a@example.com");
            MimeMultipart mp = new MimeMultipart();
            MimeBodyPart text = new MimeBodyPart();
            text.setText("see attachment");
            MimeBodyPart att = new MimeBodyPart();
            att.setDataHandler(new DataHandler(new ByteArrayDataSource(new byte[0], "application/octet-stream") {
                @Override
                public InputStream getInputStream() {
                    return new MailClientApp.FailingInputStream(100);
                }
            }));
            att.setHeader("Content-Transfer-Encoding", "base64");
            mp.addBodyPart(text);
            mp.addBodyPart(att);
            m.setContent(mp);
            m.saveChanges();
            Throwable e = catchThrowable(() -> send(server, s, null, null, m));
            assertThat(MailClientApp.describe(e)).contains("attachment source failed");
            assertThat(server.received()).isEmpty();
        }
    }

    @Test
    void rawTcpServers() throws Exception {
        try (RawTcpServers.Listener silent = RawTcpServers.silent()) {
            Properties p = new Properties();
            p.setProperty("mail.smtp.timeout", "300");
            p.setProperty("mail.smtp.connectiontimeout", "300");
            Session s = Session.getInstance(p);
            Throwable e = catchThrowable(() -> {
                try (Transport t = s.getTransport("smtp")) {
                    t.connect(silent.host(), silent.port(), null, null);
                }
            });
            assertThat(MailClientApp.describe(e)).contains(SocketTimeoutException.class.getName());
            assertThat(silent.acceptedConnections()).isEqualTo(1);
        }
        try (RawTcpServers.Listener plain = RawTcpServers.plaintextGreeting()) {
            Properties p = new Properties();
            p.setProperty("mail.smtps.timeout", "2000");
            p.setProperty("mail.smtps.ssl.trust", "*");
            Session s = Session.getInstance(p);
            Throwable e = catchThrowable(() -> {
                try (Transport t = s.getTransport("smtps")) {
                    t.connect(plain.host(), plain.port(), null, null);
                }
            });
            assertThat(MailClientApp.describe(e)).containsAnyOf("SSLException", "SSLHandshakeException");
        }
        int closed = RawTcpServers.closedPort();
        Session s = Session.getInstance(new Properties());
        Throwable e = catchThrowable(() -> {
            try (Transport t = s.getTransport("smtp")) {
                t.connect("127.0.0.1", closed, null, null);
            }
        });
        assertThat(MailClientApp.describe(e)).contains(ConnectException.class.getName());
    }

    @Test
    void receivedIsThreadSafeUnderConcurrentClients() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.start()) {
            Session s = session(server);
            List<Thread> threads = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                threads.add(new Thread(() -> {
                    try {
                        send(server, s, null, null, message(s, "r" + n + "@example.com", "body " + n));
                    } catch (MessagingException ex) {
                        throw new IllegalStateException(ex);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            assertThat(server.awaitReceived(8, T)).hasSize(8);
            assertThat(server.connectionCount()).isEqualTo(8);
        }
    }

    /** Minimal line client for protocol-level assertions. */
    static final class RawClient {
        final InputStream in;
        final OutputStream out;

        RawClient(Socket s) throws IOException {
            s.setSoTimeout(5000);
            in = s.getInputStream();
            out = s.getOutputStream();
        }

        String read() throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                StringBuilder line = new StringBuilder();
                int b;
                while ((b = in.read()) != -1 && b != '\n') {
                    if (b != '\r') {
                        line.append((char) b);
                    }
                }
                sb.append(line);
                if (b == -1 || line.length() < 4 || line.charAt(3) != '-') {
                    return sb.toString();
                }
                sb.append('\n');
            }
        }

        String cmd(String c) throws IOException {
            out.write((c + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read();
        }
    }
}
