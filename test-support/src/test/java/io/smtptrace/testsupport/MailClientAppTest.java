package io.smtptrace.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MailClientApp features, run in process with javax.mail 1.6.2 from the test class path. */
class MailClientAppTest {

    private static List<String> run(Scenario scenario) throws Throwable {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new MailClientApp(scenario.properties(), out).run();
        return ForkedJvm.Result.parseResults(bytes.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "dots", "bare-lf", "long-line", "nonascii", "nul"})
    void bodyKinds(String kind) throws Throwable {
        try (SmtpTestServer server = SmtpTestServer.start()) {
            List<String> r = run(Scenario.forServer(server).bodyKind(kind).bodyBytes(3000)
                    .prop("mail.smtp.allow8bitmime", "true"));
            assertThat(r).containsExactly("api javax", "connect ok", "send 1 ok", "close ok");
            Received m = server.received().get(0);
            switch (kind) {
                case "dots" -> assertThat(m.body()).startsWith(".\r\n.. two dots").contains("\r\n.leading dot");
                case "bare-lf" -> assertThat(m.body()).contains("bare LF line 1\r\n"); // JavaMail canonicalises
                case "long-line" -> assertThat(m.header("Content-Transfer-Encoding")).isEqualTo("quoted-printable");
                case "nonascii" -> {
                    assertThat(m.header("Content-Transfer-Encoding")).isEqualTo("8bit");
                    assertThat(m.body()).contains("Grüße aus Köln", "日本語");
                }
                case "nul" -> assertThat(m.header("Content-Transfer-Encoding")).isIn("base64", "quoted-printable");
                default -> assertThat(m.body()).startsWith("Line 0 of the smtp-trace test message body");
            }
            assertThat(m.body().length()).isGreaterThan(1000);
        }
    }

    @Test
    void bodyGenerator() {
        assertThat(MailClientApp.body("long-line", 10).split("\r\n")[0]).hasSize(2000);
        assertThat(MailClientApp.body("text", 500)).hasSizeBetween(500, 600);
        assertThat(MailClientApp.body("nul", 100)).contains("\0");
        assertThat(MailClientApp.body("bare-lf", 100)).doesNotContain("\r");
    }

    @Test
    void connectionsMessagesCheckAndDelay() throws Throwable {
        try (SmtpTestServer server = SmtpTestServer.start()) {
            List<String> r = run(Scenario.forServer(server).connections(2).messages(2).check(true)
                    .delayBetweenMessagesMs(10).subject("multi"));
            assertThat(r).containsExactly("api javax",
                    "connect ok", "send 1 ok", "check 2 true", "send 2 ok", "close ok",
                    "connect ok", "send 3 ok", "check 4 true", "send 4 ok", "close ok");
            assertThat(server.connectionCount()).isEqualTo(2);
            assertThat(server.received()).extracting(m -> m.header("Subject"))
                    .containsExactly("multi 1", "multi 2", "multi 3", "multi 4");
            assertThat(server.commands()).filteredOn("NOOP"::equals).hasSize(2);
        }
    }

    @Test
    void failingAttachment() throws Throwable {
        try (SmtpTestServer server = SmtpTestServer.start()) {
            List<String> r = run(Scenario.forServer(server).failingAttachmentAfter(1000).messages(2));
            assertThat(r).hasSize(5);
            assertThat(r.get(2)).startsWith("send 1 error javax.mail.MessagingException: IOException while sending message;"
                    + " caused by java.io.IOException: attachment source failed");
            assertThat(r.get(1)).isEqualTo("connect ok");
            assertThat(server.received()).isEmpty();
        }
    }

    @Test
    void staticSendWithAuthAndDebugFile(@TempDir Path tmp) throws Throwable {
        try (SmtpTestServer server = SmtpTestServer.builder().requireAuth("u", "p").start()) {
            Path debug = tmp.resolve("debug.log");
            List<String> r = run(Scenario.forServer(server).useStaticSend(true).credentials("u", "p")
                    .messages(2).debugFile(debug));
            assertThat(r).containsExactly("api javax", "send 1 ok", "send 2 ok");
            assertThat(server.connectionCount()).isEqualTo(2);
            assertThat(Files.readString(debug)).contains("AUTH LOGIN", "250 2.0.0 Ok: queued");
            r = run(Scenario.forServer(server).credentials("u", "wrong"));
            assertThat(r).containsExactly("api javax", "connect error javax.mail.AuthenticationFailedException: "
                    + "535 5.7.8 Authentication credentials invalid");
        }
    }

    @Test
    void unknownClient() throws Throwable {
        assertThat(run(Scenario.create().client("nope"))).containsExactly("api javax", "fatal error unknown client nope");
    }
}
