package io.smtptrace.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

class SmtpTestServerMainTest {

    @Test
    void startsFromFlagsPrintsPortAndStopsOnStdinEof() throws Exception {
        List<String> cmd = ForkedJvm.withClassPath(List.of(ForkedJvm.testSupportClassPath()))
                .mainClass(SmtpTestServerMain.class.getName())
                .command("--require-auth", "u:p", "--max-size", "5000", "--refuse-recipient",
                        "bad@example.com:550:5.1.1 user unknown", "--exit-on-eof");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertThat(first).startsWith("PORT ");
            int port = Integer.parseInt(first.substring(5).trim());

            Session s = Session.getInstance(new Properties());
            MimeMessage m = new MimeMessage(s);
            m.setFrom(new InternetAddress("a@example.com"));
            m.setRecipients(Message.RecipientType.TO, "ok@example.com");
            m.setText("hi");
            m.saveChanges();
            try (Transport t = s.getTransport("smtp")) {
                t.connect("127.0.0.1", port, "u", "p");
                t.sendMessage(m, m.getAllRecipients());
            }
            assertThat(out.readLine()).startsWith("RECEIVED Received[from=a@example.com, to=[ok@example.com]");
            p.getOutputStream().close(); // --exit-on-eof
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }
}
