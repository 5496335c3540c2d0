package io.smtptrace.agent.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

/**
 * The forked application of MetricsIT, on javax.mail 1.6.2: accepted messages over STARTTLS, a 530 (no AUTH where it
 * is required), a 535 (wrong password), a 552 (over the size limit); then it stays up until the gate file appears, so
 * its Prometheus endpoint can be scraped. Args: okPort authPort sizePort gateFile user password [metricsDir].
 * With metricsDir, the gate is instead a line in the default metrics file there: a JVM that exits before its metrics
 * have started writes none (fast exit), so the application stays up like a service until they have.
 */
public final class MetricsWorkloadApp {

    public static void main(String[] args) throws Exception {
        int okPort = Integer.parseInt(args[0]);
        int authPort = Integer.parseInt(args[1]);
        int sizePort = Integer.parseInt(args[2]);
        Path gate = Path.of(args[3]);
        String user = args[4];
        String password = args[5];

        for (int i = 0; i < 2; i++) {
            Properties p = props(okPort);
            p.setProperty("mail.smtp.starttls.enable", "true");
            p.setProperty("mail.smtp.ssl.trust", "*");
            send(Session.getInstance(p), null, null, 200);
        }
        send(Session.getInstance(props(authPort)), null, null, 200); // 530
        Properties auth = props(authPort);
        auth.setProperty("mail.smtp.auth", "true");
        send(Session.getInstance(auth), user, password + "-wrong", 200); // 535
        send(Session.getInstance(auth), user, password, 200);
        send(Session.getInstance(props(sizePort)), null, null, 20_000); // 552
        System.out.println("RESULT workload done");
        System.out.flush();
        long until = System.nanoTime() + 90_000_000_000L;
        while (!(args.length > 6 ? metricsWritten(Path.of(args[6])) : Files.exists(gate))
                && System.nanoTime() < until) {
            Thread.sleep(20);
        }
    }

    private static boolean metricsWritten(Path tmp) throws java.io.IOException {
        try (var dirs = Files.list(tmp)) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                if (!Files.isDirectory(d) || !d.getFileName().toString().startsWith("smtp-trace-")) {
                    continue;
                }
                try (var files = Files.list(d)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        if (f.getFileName().toString().startsWith("smtp-trace-metrics-") && Files.size(f) > 0) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private static Properties props(int port) {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", String.valueOf(port));
        p.setProperty("mail.smtp.connectiontimeout", "10000");
        p.setProperty("mail.smtp.timeout", "10000");
        return p;
    }

    private static void send(Session session, String user, String password, int bodyBytes) {
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress("sender@example.com"));
            m.setRecipient(Message.RecipientType.TO, new InternetAddress("rcpt@example.org"));
            m.setSubject("metrics workload");
            m.setText("x".repeat(bodyBytes));
            if (user != null) {
                Transport.send(m, user, password);
            } else {
                Transport.send(m);
            }
            System.out.println("RESULT send ok");
        } catch (Exception e) {
            System.out.println("RESULT send error " + e.getClass().getSimpleName());
        }
    }
}
