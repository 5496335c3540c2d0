package io.smtptrace.analyzer.demo;

import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.i18n.Messages;

import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * The small mail-sending application of the demo, run in a child JVM under the agent. It makes the classic mistakes:
 * sends without AUTH and retries, sends a message larger than the server's limit, then sends one correctly.
 */
public final class DemoMailApp {
    /** Prefix of the lines the demo command shows (translated already: the language is the 4th argument). */
    public static final String STEP = "step: ";
    private static Messages msg = Messages.of("demo", Lang.en);
    /** UTF-8 whatever the locale: the demo command reads these lines as UTF-8. */
    private static final java.io.PrintStream OUT =
            new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, java.nio.charset.StandardCharsets.UTF_8);

    private DemoMailApp() {}

    public static void main(String[] args) {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int oversize = Integer.parseInt(args[2]);
        if (args.length > 3) msg = Messages.of("demo", Lang.valueOf(args[3]));

        // Mistake 1: mail.smtp.auth not set, and the failure is "handled" by retrying the same thing.
        Properties noAuth = props(host, port);
        for (int attempt = 1; attempt <= 3; attempt++) {
            step(msg.get("step.noauth", attempt), () -> Transport.send(message(Session.getInstance(noAuth), "Invoice", 200)));
        }
        // Mistake 2: authenticated, but the attachment makes the message bigger than the server's SIZE.
        Properties auth = props(host, port);
        auth.setProperty("mail.smtp.auth", "true");
        step(msg.get("step.oversized"), () -> Transport.send(message(Session.getInstance(auth), "Monthly report", oversize),
                DemoServer.USER, DemoServer.PASSWORD));
        // Done right.
        step(msg.get("step.correct"), () -> Transport.send(message(Session.getInstance(auth), "Invoice", 200), DemoServer.USER, DemoServer.PASSWORD));
    }

    private static Properties props(String host, int port) {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", host);
        p.setProperty("mail.smtp.port", String.valueOf(port));
        p.setProperty("mail.smtp.connectiontimeout", "5000");
        p.setProperty("mail.smtp.timeout", "5000");
        return p;
    }

    private static MimeMessage message(Session s, String subject, int bodyBytes) throws MessagingException {
        MimeMessage m = new MimeMessage(s);
        m.setFrom(new InternetAddress("billing@shop.example"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("customer@example.org"));
        m.setSubject(subject);
        StringBuilder body = new StringBuilder("Hello,\n\nplease find your document below.\n\n");
        while (body.length() < bodyBytes) body.append("Line of the document, padded to a realistic width for the demo.\n");
        m.setText(body.toString());
        return m;
    }

    private interface Send {
        void run() throws MessagingException;
    }

    private static void step(String what, Send send) {
        try {
            send.run();
            OUT.println(STEP + msg.get("step.sent", what));
        } catch (MessagingException e) {
            String msg = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").trim();
            OUT.println(STEP + DemoMailApp.msg.get("step.failed", what, msg));
        }
    }
}
