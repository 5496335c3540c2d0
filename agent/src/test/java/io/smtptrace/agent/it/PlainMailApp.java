package io.smtptrace.agent.it;

import java.util.Properties;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

/**
 * An application without OpenTelemetry on its class path: one pooled transport, two "requests" (connect and send, then
 * a second send), then close. Under the OpenTelemetry Java agent, {@code otel.instrumentation.methods.include} makes
 * {@link #request1} and {@link #request2} spans, which then live only in that agent's own (boot class path) context.
 * Usage: {@code PlainMailApp host port user}, the password in the environment ({@code SMTP_PASSWORD}: not on the
 * command line, which the OpenTelemetry agent records in its resource).
 */
public final class PlainMailApp {

    private final Session session;
    private final Transport transport;
    private final String[] args;

    PlainMailApp(String[] args) throws Exception {
        this.args = args;
        Properties p = new Properties();
        p.put("mail.smtp.auth", "true");
        session = Session.getInstance(p);
        transport = session.getTransport("smtp");
    }

    public static void main(String[] args) throws Exception {
        PlainMailApp app = new PlainMailApp(args);
        app.request1();
        app.request2();
        app.close();
        System.out.println("RESULT done");
    }

    public void request1() throws Exception {
        transport.connect(args[0], Integer.parseInt(args[1]), args[2], System.getenv("SMTP_PASSWORD"));
        send(1);
    }

    public void request2() throws Exception {
        send(2);
    }

    void close() throws Exception {
        transport.close();
        System.out.println("RESULT close ok");
    }

    void send(int n) throws Exception {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("shop@example.com"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("customer@example.org"));
        m.setSubject("order " + n);
        m.setText("thank you for order " + n);
        m.saveChanges();
        transport.sendMessage(m, m.getAllRecipients());
        System.out.println("RESULT send " + n + " ok");
    }
}
