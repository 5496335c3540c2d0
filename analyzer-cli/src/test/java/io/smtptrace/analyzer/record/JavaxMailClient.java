package io.smtptrace.analyzer.record;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Properties;
import java.util.function.Consumer;

import javax.activation.DataHandler;
import javax.activation.DataSource;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

/** Sends mail with com.sun.mail:javax.mail 1.6.2 (package com.sun.mail.smtp, API javax.mail). */
public final class JavaxMailClient {
    private JavaxMailClient() {}

    static {
        // Both javax.mail and Angus Mail are on the test class path; pin javax.activation to javax.mail's handlers.
        javax.activation.MailcapCommandMap mc = new javax.activation.MailcapCommandMap();
        mc.addMailcap("text/plain;; x-java-content-handler=com.sun.mail.handlers.text_plain");
        mc.addMailcap("text/html;; x-java-content-handler=com.sun.mail.handlers.text_html");
        mc.addMailcap("text/xml;; x-java-content-handler=com.sun.mail.handlers.text_xml");
        mc.addMailcap("multipart/*;; x-java-content-handler=com.sun.mail.handlers.multipart_mixed; x-java-fallback-entry=true");
        mc.addMailcap("message/rfc822;; x-java-content-handler=com.sun.mail.handlers.message_rfc822");
        javax.activation.CommandMap.setDefaultCommandMap(mc);
    }

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
                    if (spec.extraCommand != null) ((com.sun.mail.smtp.SMTPTransport) t).simpleCommand(spec.extraCommand);
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
