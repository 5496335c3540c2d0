package io.smtptrace.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One forked MailClientApp run per mail library / stack, no agent: proves MailLibrary and ForkedJvm. */
class ForkedMailClientTest {

    private static SmtpTestServer server;

    @BeforeAll
    static void start() {
        server = SmtpTestServer.builder().requireStartTls().requireAuth("user", "secret").start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(MailLibrary.class)
    void sendsTwoMessagesOverStartTlsWithAuth(MailLibrary library, @TempDir Path tmp) throws Exception {
        assertThat(library.jars()).isNotEmpty().allMatch(Files::isRegularFile);
        String subject = "forked " + library.id();
        Scenario scenario = Scenario.forServer(server)
                .host("localhost") // Angus verifies the server identity by default; the SAN has dns:localhost
                .client(library)
                .credentials("user", "secret")
                .prop("mail.smtp.starttls.enable", "true")
                .prop("mail.smtp.starttls.required", "true")
                .messages(2)
                .check(true)
                .from("sender@example.com")
                .to("a@example.com,b@example.com")
                .subject(subject)
                .bodyKind("dots")
                .debugFile(tmp.resolve("debug.txt"));
        if (library == MailLibrary.JAVAX_MAIL_1_4_7) {
            // 1.4.7 restricts STARTTLS to TLSv1, which Java 17 disables
            scenario.prop("mail.smtp.ssl.protocols", "TLSv1.2");
        }
        ForkedJvm.Result r = ForkedJvm.forLibrary(library)
                .trustTestCertificate() // -Djavax.net.ssl.trustStore=<server.clientTrustStore()> ...
                .run(scenario.write(tmp.resolve("scenario.properties")));

        assertThat(r.exitCode()).as(r.describe()).isZero();
        List<String> expected = new ArrayList<>();
        expected.add("api " + (library.api() == MailLibrary.Api.JAKARTA ? "jakarta" : "javax"));
        if (library.client() == MailLibrary.Client.JAVAMAIL) {
            expected.addAll(List.of("connect ok", "send 1 ok", "check 2 true", "send 2 ok", "close ok"));
        } else {
            expected.addAll(List.of("send 1 ok", "send 2 ok"));
        }
        expected.add("done");
        assertThat(r.results()).as(r.describe()).containsExactlyElementsOf(expected);
        assertThat(r.allOk()).isTrue();
        assertThat(server.received().stream().filter(m -> m.header("Subject").startsWith(subject)))
                .hasSize(2)
                .allMatch(m -> m.tls() && "user".equals(m.authenticatedUser())
                        && m.recipients().equals(List.of("a@example.com", "b@example.com"))
                        && m.body().contains("\r\n.leading dot"));
        assertThat(Files.readString(tmp.resolve("debug.txt"))).contains("STARTTLS", "AUTH");
        if (library.client() == MailLibrary.Client.JAVAMAIL) {
            assertThat(Files.readString(tmp.resolve("debug.txt")))
                    .contains(library.smtpTransportClassName()).contains("NOOP");
        }
    }

    @Test
    void errorsAreReportedWithJakartaClassNamesAndReturnCodes(@TempDir Path tmp) {
        try (SmtpTestServer s = SmtpTestServer.builder()
                .refuseRecipient("nobody@example.com", 550, "5.1.1 user unknown")
                .rejectAfterData(554, "5.6.0 content rejected")
                .start()) {
            ForkedJvm.Result r = ForkedJvm.forLibrary(MailLibrary.ANGUS_MAIL_2_0_3)
                    .run(Scenario.forServer(s).to("nobody@example.com").messages(1).connections(1));
            assertThat(r.outcomes()).as(r.describe()).containsExactly(
                    "connect ok",
                    "send 1 error jakarta.mail.SendFailedException: Invalid Addresses; caused by "
                            + "org.eclipse.angus.mail.smtp.SMTPAddressFailedException: 550 5.1.1 user unknown [returnCode=550]",
                    "close ok");
            r = ForkedJvm.forLibrary(MailLibrary.SPRING_6_ANGUS_MAIL_2_0_3)
                    .run(Scenario.forServer(s).client("spring").to("nobody@example.com"));
            assertThat(r.outcomes()).as(r.describe()).singleElement().asString().startsWith(
                    "send 1 error jakarta.mail.SendFailedException: Invalid Addresses; caused by "
                            + "org.eclipse.angus.mail.smtp.SMTPAddressFailedException: 550 5.1.1 user unknown");
            r = ForkedJvm.forLibrary(MailLibrary.JAKARTA_MAIL_2_0_1).run(Scenario.forServer(s));
            assertThat(r.outcomes()).as(r.describe()).containsExactly(
                    "connect ok",
                    "send 1 error com.sun.mail.smtp.SMTPSendFailedException: 554 5.6.0 content rejected [returnCode=554]",
                    "close ok");
        }
    }

    @Test
    void implicitTlsAndClosedPortAndBadScenario(@TempDir Path tmp) {
        try (SmtpTestServer s = SmtpTestServer.builder().implicitTls().start()) {
            ForkedJvm.Result r = ForkedJvm.forLibrary(MailLibrary.JAVAX_MAIL_1_6_2)
                    .run(Scenario.forServer(s).protocol("smtps").trustAll().useStaticSend(true));
            assertThat(r.outcomes()).as(r.describe()).containsExactly("send 1 ok");
            assertThat(s.received()).singleElement().matches(Received::tls);
        }
        ForkedJvm.Result r = ForkedJvm.forLibrary(MailLibrary.JAVAX_MAIL_1_6_2)
                .run(Scenario.create().port(RawTcpServers.closedPort()));
        assertThat(r.exitCode()).isZero();
        assertThat(r.outcomes()).singleElement().asString()
                .startsWith("connect error com.sun.mail.util.MailConnectException: Couldn't connect to host")
                .contains("java.net.ConnectException");

        r = ForkedJvm.forLibrary(MailLibrary.JAVAX_MAIL_1_6_2).run(tmp.resolve("missing.properties"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.results()).singleElement().asString().startsWith("scenario error java.nio.file.NoSuchFileException");
    }
}
