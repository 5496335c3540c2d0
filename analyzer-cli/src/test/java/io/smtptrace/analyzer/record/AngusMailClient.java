package io.smtptrace.analyzer.record;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Properties;
import java.util.function.Consumer;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/** Sends mail with org.eclipse.angus:angus-mail 2.0.3 (package org.eclipse.angus.mail.smtp, API jakarta.mail). */
public final class AngusMailClient {
    private AngusMailClient() {}

    public static void run(ClientSpec spec, PrintStream debugOut, Consumer<Exception> onError) {
        Properties p = new Properties();
        p.putAll(spec.props);
        p.setProperty("mail.smtp.host", spec.host);
        p.setProperty("mail.smtp.port", String.valueOf(spec.port));
        p.putIfAbsent("mail.smtp.connectiontimeout", "3000");
        p.putIfAbsent("mail.smtp.timeout", "3000");
        if (spec.user != null) p.setProperty("mail.smtp.auth", "true");
        Session session = Session.getInstance(p);
        if (debugOut != null) {
            session.setDebugOut(debugOut);
            session.setDebug(true);
        }
        for (int i = 0; i < spec.attempts; i++) {
            try {
                MimeMessage m = new MimeMessage(session);
                m.setFrom(new InternetAddress(spec.from));
                for (String t : spec.to) m.addRecipient(Message.RecipientType.TO, new InternetAddress(t));
                m.setSubject("Report " + (i + 1));
                // body lines that look like protocol: a parser must count them as body, never as commands or replies
                String text = "Hello,\n.\nMAIL FROM:<evil@example.com>\n250 2.0.0 Ok\nQUIT\n" + "x".repeat(Math.max(0, spec.bodyBytes)) + "\nBye\n";
                if (spec.failingBody) {
                    MimeMultipart mp = new MimeMultipart();
                    MimeBodyPart tp = new MimeBodyPart();
                    tp.setText(text);
                    mp.addBodyPart(tp);
                    MimeBodyPart att = new MimeBodyPart();
                    att.setDataHandler(new DataHandler(new FailingSource()));
                    att.setFileName("report.csv");
                    mp.addBodyPart(att);
                    m.setContent(mp);
                } else {
                    m.setText(text);
                }
                m.saveChanges();
                Transport t = session.getTransport("smtp");
                try {
                    t.connect(spec.host, spec.port, spec.user, spec.password);
                    if (spec.extraCommand != null) ((org.eclipse.angus.mail.smtp.SMTPTransport) t).simpleCommand(spec.extraCommand);
                    t.sendMessage(m, m.getAllRecipients());
                } finally {
                    t.close();
                }
            } catch (Exception e) {
                onError.accept(e);
            }
        }
    }

    static final class FailingSource implements DataSource {
        @Override public InputStream getInputStream() {
            return new InputStream() {
                int n;
                @Override public int read() throws IOException {
                    if (n++ > 3000) throw new IOException("disk read error: report.csv truncated");
                    return 'a';
                }
            };
        }
        @Override public OutputStream getOutputStream() { throw new UnsupportedOperationException(); }
        @Override public String getContentType() { return "application/octet-stream"; }
        @Override public String getName() { return "report.csv"; }
    }

    static InputStream empty() { return new ByteArrayInputStream(new byte[0]); }
}
