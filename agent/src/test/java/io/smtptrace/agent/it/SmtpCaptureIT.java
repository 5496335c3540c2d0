package io.smtptrace.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.smtptrace.testsupport.ExportedTraces.EventView;
import io.smtptrace.testsupport.ExportedTraces.SpanView;
import io.smtptrace.testsupport.ExportedTraces;
import io.smtptrace.testsupport.ForkedJvm;
import io.smtptrace.testsupport.MailLibrary;
import io.smtptrace.testsupport.RawTcpServers;
import io.smtptrace.testsupport.Received;
import io.smtptrace.testsupport.Scenario;
import io.smtptrace.testsupport.SmtpTestServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every supported library version, in a forked JVM with the real agent jar, against an in-process SMTP server.
 * Each case also runs without the agent and checks that the application and the server saw exactly the same.
 */
class SmtpCaptureIT {

    static final String USER = "alice@example.com";
    static final String PASSWORD = "Pa55-w0rd-SECRET";
    static final String TOKEN = "ya29.tok3n-SECRET-bearer";

    static Stream<MailLibrary> libraries() {
        return MailLibrary.mailLibraries().stream();
    }

    static final String SUBJECT = "Quarterly-Report-Xyzzy";

    private static Scenario scenario(SmtpTestServer server) {
        return Scenario.forServer(server).from(USER).to("bob@example.org").subject(SUBJECT);
    }

    /**
     * TLS as a user must configure it: the host name the certificate names (Angus Mail checks it), and for
     * javax.mail 1.4.7 on Java 17 TLSv1.2, since that version asks for TLSv1 only, which the JDK disables.
     */
    private static Scenario tlsScenario(SmtpTestServer server, MailLibrary lib) {
        Scenario sc = scenario(server).host("localhost");
        if (lib == MailLibrary.JAVAX_MAIL_1_4_7) {
            sc.prop("mail.smtp.ssl.protocols", "TLSv1.2").prop("mail.smtps.ssl.protocols", "TLSv1.2");
        }
        return sc;
    }

    private static String name(MailLibrary lib, String test) {
        return test + "-" + lib.id();
    }

    /** What one case left: the agent's run, and the port and messages of the server it talked to. */
    record Outcome(AgentRun run, int port, List<Received> received) {
        List<SpanView> connection() {
            return run.onlyConnection();
        }
    }

    /**
     * Runs the scenario with the agent, then without, each against a fresh server built the same way, and checks
     * that the application and the server saw exactly the same both times.
     */
    private static Outcome runBoth(MailLibrary lib, Supplier<SmtpTestServer.Builder> server,
                                   Function<SmtpTestServer, Scenario> scenario, String test) {
        return runBoth(lib, server, scenario, test, false);
    }

    /**
     * @param racesWithTheServer the server drops the connection at a moment the client does not control: whether the
     *                           client then fails writing (broken pipe) or reading (EOF) depends on socket buffers,
     *                           so only the kind of each outcome (ok / error) must match
     */
    private static Outcome runBoth(MailLibrary lib, Supplier<SmtpTestServer.Builder> server,
                                   Function<SmtpTestServer, Scenario> scenario, String test,
                                   boolean racesWithTheServer) {
        AgentRun with;
        int port;
        List<Received> receivedWith;
        List<String> commandsWith;
        try (SmtpTestServer s = server.get().start()) {
            with = AgentRun.withAgent(lib, scenario.apply(s), name(lib, test));
            port = s.port();
            receivedWith = s.received();
            commandsWith = s.commands();
        }
        try (SmtpTestServer s = server.get().start()) {
            ForkedJvm.Result without = AgentRun.withoutAgent(lib, scenario.apply(s));
            if (racesWithTheServer) {
                // connect and send; close() may then fail or not, depending on the same race
                assertThat(kinds(with.result.outcomes()).subList(0, 2))
                        .as("outcome kinds with vs without the agent\n%s", with)
                        .isEqualTo(kinds(without.outcomes()).subList(0, 2));
                return new Outcome(with, s.port(), receivedWith);
            }
            assertThat(with.result.outcomes()).as("application outcomes with vs without the agent\n%s", with)
                    .isEqualTo(without.outcomes().stream().map(o -> o.replace(":" + s.port(), ":" + port)
                            .replace("port: " + s.port(), "port: " + port).replace(" " + s.port() + ";", " " + port + ";"))
                            .collect(Collectors.toList()));
            assertThat(comparable(receivedWith)).as("what the server received with vs without the agent")
                    .isEqualTo(comparable(s.received()));
            assertThat(normalise(commandsWith)).as("commands the server saw with vs without the agent")
                    .isEqualTo(normalise(s.commands()));
        }
        assertThat(with.result.exitCode()).isZero();
        return new Outcome(with, port, receivedWith);
    }

    /** "send 1 error" of "send 1 error javax.mail...": which call, and whether it failed. */
    private static List<String> kinds(List<String> outcomes) {
        return outcomes.stream().map(o -> String.join(" ", java.util.Arrays.asList(o.split(" ")).subList(0,
                Math.min(3, o.split(" ").length)))).collect(Collectors.toList());
    }

    private static List<String> comparable(List<Received> received) {
        return received.stream().map(r -> r.sender() + " " + r.recipients() + " " + r.comparableData())
                .collect(Collectors.toList());
    }

    /**
     * What may legitimately differ between two runs: the client's host name in EHLO, BDAT chunk sizes (Message-ID
     * and MIME boundaries vary in length), and the random bytes of a TLS ClientHello sent to a plaintext server.
     */
    private static List<String> normalise(List<String> commands) {
        List<String> out = new java.util.ArrayList<>();
        boolean binary = false;
        for (String c : commands) {
            if (c.startsWith("EHLO ") || c.startsWith("HELO ")) {
                c = c.substring(0, 4);
            } else if (c.startsWith("BDAT ")) {
                c = c.endsWith("LAST") ? "BDAT LAST" : "BDAT";
            } else if (binary || !c.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)) {
                // a ClientHello's random bytes split into "lines" (empty or even printable ones) at whatever CR/LF
                // bytes they happen to hold; nothing readable follows it on that connection
                c = "<binary>";
            }
            binary = c.equals("<binary>");
            out.add(c);
        }
        return out.stream().distinct().collect(Collectors.toList());
    }

    private static boolean supportsChunkingAndXoauth2(MailLibrary lib) {
        return lib != MailLibrary.JAVAX_MAIL_1_4_7 && lib != MailLibrary.JAVAX_MAIL_1_5_6;
    }

    // ---- the full conversation -----------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("libraries")
    void capturesTheWholeConversationOverStartTlsAndAuth(MailLibrary lib) {
        Outcome o = runBoth(lib,
                () -> SmtpTestServer.builder().requireStartTls().requireAuth(USER, PASSWORD).maxMessageSize(1_000_000),
                s -> tlsScenario(s, lib).credentials(USER, PASSWORD).trustAll()
                        .prop("mail.smtp.starttls.enable", "true").prop("mail.smtp.auth", "true")
                        .messages(2).check(true).bodyKind("dots").bodyBytes(3000),
                "conversation");
        List<SpanView> conn = o.connection();
        assertThat(AgentRun.verbs(conn)).containsExactly(
                "<greeting> -> 220", "EHLO -> 250", "STARTTLS -> 220", "EHLO -> 250",
                "AUTH LOGIN -> 334", "[redacted] -> 334", "[redacted] -> 235",
                "MAIL -> 250", "RCPT -> 250", "DATA -> 354", ". -> 250",
                "NOOP -> 250",
                "MAIL -> 250", "RCPT -> 250", "DATA -> 354", ". -> 250",
                "QUIT -> 221");
        assertThat(conn).extracting(s -> s.name)
                .containsExactly("SMTP connect", "SMTP send", "SMTP check", "SMTP send", "SMTP close");
        String[] coords = lib.coordinates().split(":");
        for (SpanView s : conn) {
            assertThat(s.kind).as("span kind CLIENT").isEqualTo(3);
            assertThat(s.scope).isEqualTo("io.smtptrace.agent");
            assertThat(s.str("server.address")).isEqualTo("localhost");
            assertThat(s.str("network.peer.address")).isEqualTo("127.0.0.1");
            assertThat(s.num("server.port")).isEqualTo(o.port());
            assertThat(s.str("network.protocol.name")).isEqualTo("smtp");
            assertThat(s.str("smtp.client.library")).isEqualTo(coords[0] + ":" + coords[1]);
            assertThat(s.str("smtp.client.library.version")).isEqualTo(coords[2]);
            assertThat(s.statusError).isFalse();
            assertThat(s.has("error.type")).isFalse();
            // one trace per connection: later operations are children of the connect span
            assertThat(s.traceId).isEqualTo(conn.get(0).traceId);
            for (EventView e : s.events) {
                assertThat(e.dbl("smtp.exchange.duration_ms")).as("timing of %s", e.attrs).isGreaterThanOrEqualTo(0);
                assertThat(e.timeNanos).isBetween(s.startNanos, s.endNanos);
            }
        }
        SpanView connect = conn.get(0);
        assertThat(connect.str("smtp.tls.mode")).isEqualTo("starttls");
        assertThat(connect.bool("tls.established")).isTrue();
        assertThat(connect.str("tls.protocol.version")).startsWith("1.");
        assertThat(connect.str("tls.cipher")).startsWith("TLS_");
        assertThat(connect.str("smtp.auth.mechanism")).isEqualTo("LOGIN");
        assertThat(connect.str("smtp.auth.outcome")).isEqualTo("success");
        assertThat(connect.num("smtp.auth.reply_code")).isEqualTo(235);
        assertThat(connect.bool("smtp.ehlo.starttls_offered")).isTrue();
        assertThat(connect.num("smtp.ehlo.size_limit")).isEqualTo(1_000_000);
        assertThat(connect.list("smtp.ehlo.auth_mechanisms")).contains("PLAIN", "LOGIN");
        assertThat(connect.str("smtp.connection.id")).matches("[0-9a-f]{16}");

        SpanView send1 = conn.get(1);
        SpanView send2 = conn.get(3);
        assertThat(send1.parentSpanId).isEqualTo(connect.spanId);
        assertThat(List.of(send1.num("smtp.message.index"), send2.num("smtp.message.index"))).containsExactly(1L, 2L);
        for (SpanView send : List.of(send1, send2)) {
            assertThat(send.str("smtp.envelope.sender")).isEqualTo("***@example.com");
            assertThat(send.list("smtp.envelope.recipients")).containsExactly("***@example.org");
            assertThat(send.str("smtp.message.outcome")).isEqualTo("accepted");
            assertThat(send.str("smtp.data.mode")).isEqualTo("data");
            assertThat(send.num("smtp.data.bytes")).isGreaterThan(3000);
            assertThat(send.num("smtp.body.dot_lines")).isPositive();
            assertThat(send.num("smtp.body.lines")).isPositive();
            assertThat(send.num("smtp.body.longest_line")).isPositive().isLessThan(999);
        }
        // the wire size we computed equals what the server got, once its dot-unstuffing is undone
        assertThat(send1.num("smtp.data.bytes"))
                .isEqualTo(o.received().get(0).data().length + send1.num("smtp.body.dot_lines"));
        SpanView close = conn.get(4);
        assertThat(close.str("smtp.connection.end")).isEqualTo("quit");
        assertThat(close.num("smtp.connection.messages")).isEqualTo(2);
        assertThat(o.run().everythingWritten()).doesNotContain("Subject:").doesNotContain(SUBJECT);
    }

    // ---- secrets ---------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("libraries")
    void credentialsNeverLeaveTheProcess(MailLibrary lib) {
        List<String> mechanisms = supportsChunkingAndXoauth2(lib) ? List.of("PLAIN", "LOGIN", "XOAUTH2")
                : List.of("PLAIN", "LOGIN");
        for (String mech : mechanisms) {
            Outcome o = runBoth(lib, () -> SmtpTestServer.builder().requireAuth(USER, PASSWORD).xoauth2Token(TOKEN),
                    s -> scenario(s).credentials(USER, mech.equals("XOAUTH2") ? TOKEN : PASSWORD)
                            .prop("mail.smtp.auth", "true").prop("mail.smtp.auth.mechanisms", mech)
                            .prop("mail.smtp.auth.xoauth2.disable", "false"),
                    "secrets-" + mech);
            SpanView connect = o.connection().get(0);
            assertThat(connect.str("smtp.auth.mechanism")).isEqualTo(mech);
            assertThat(connect.str("smtp.auth.outcome")).as(o.run().toString()).isEqualTo("success");
            String all = o.run().everythingWritten();
            for (String secret : secretForms(mech)) {
                assertThat(all).as("%s leaked in %s", secret, mech).doesNotContain(secret);
            }
        }
    }

    /** The secret, and every base64 form a mechanism puts on the wire, at every alignment. */
    static List<String> secretForms(String mech) {
        String secret = mech.equals("XOAUTH2") ? TOKEN : PASSWORD;
        Base64.Encoder b64 = Base64.getEncoder();
        List<String> forms = new java.util.ArrayList<>(List.of(secret,
                b64.encodeToString(secret.getBytes(StandardCharsets.UTF_8)),
                b64.encodeToString(("\0" + USER + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8)),
                b64.encodeToString(("user=" + USER + "\u0001auth=Bearer " + TOKEN + "\u0001\u0001")
                        .getBytes(StandardCharsets.UTF_8))));
        // the secret inside a longer base64 blob shows up as one of three shifted encodings
        for (int pad = 0; pad < 3; pad++) {
            String enc = b64.encodeToString(("xx".substring(0, pad) + secret).getBytes(StandardCharsets.UTF_8));
            forms.add(enc.substring(4, enc.length() - 4));
        }
        return forms;
    }

    // ---- failing replies -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("libraries")
    void authRequiredButNeverSent(MailLibrary lib) {
        Outcome o = runBoth(lib, () -> SmtpTestServer.builder().requireAuth(USER, PASSWORD), SmtpCaptureIT::scenario,
                "auth-required");
        List<SpanView> conn = o.connection();
        assertThat(AgentRun.verbs(conn)).startsWith("<greeting> -> 220", "EHLO -> 250", "MAIL -> 530");
        SpanView send = conn.get(1);
        assertThat(send.name).isEqualTo("SMTP send");
        assertThat(send.str("error.type")).isEqualTo("530");
        assertThat(send.statusError).isTrue();
        assertThat(send.exceptions).isNotEmpty();
        EventView mail = send.events.get(0);
        assertThat(mail.str("smtp.reply.enhanced_code")).isEqualTo("5.7.0");
        assertThat(mail.list("smtp.reply.lines").get(0)).contains("Authentication required");
        assertThat(send.str("smtp.message.outcome")).isEqualTo("rejected");
        assertThat(send.bool("smtp.data.started")).isFalse();
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void startTlsRequiredButNotUsed(MailLibrary lib) {
        Outcome o = runBoth(lib, () -> SmtpTestServer.builder().requireStartTls(), SmtpCaptureIT::scenario,
                "starttls-required");
        List<SpanView> conn = o.connection();
        assertThat(conn.get(0).bool("smtp.ehlo.starttls_offered")).isTrue();
        assertThat(conn.get(0).str("smtp.tls.mode")).isEqualTo("none");
        assertThat(AgentRun.verbs(conn)).contains("MAIL -> 530");
        assertThat(conn.get(1).events.get(0).list("smtp.reply.lines").get(0)).contains("STARTTLS");
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void oversizedMessageIsRejectedAfterTheBody(MailLibrary lib) {
        Outcome o = runBoth(lib, () -> SmtpTestServer.builder().maxMessageSize(2000),
                s -> scenario(s).bodyBytes(20_000), "oversized");
        List<SpanView> conn = o.connection();
        assertThat(conn.get(0).num("smtp.ehlo.size_limit")).isEqualTo(2000);
        assertThat(AgentRun.verbs(conn)).contains("DATA -> 354", ". -> 552");
        SpanView send = conn.get(1);
        assertThat(send.str("error.type")).isEqualTo("552");
        assertThat(send.str("smtp.message.outcome")).isEqualTo("rejected");
        assertThat(send.bool("smtp.data.started")).isTrue();
        assertThat(send.bool("smtp.data.completed")).isTrue();
        assertThat(send.num("smtp.data.bytes")).isGreaterThan(20_000);
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void refusedRecipientsAreNamed(MailLibrary lib) {
        Outcome o = runBoth(lib,
                () -> SmtpTestServer.builder().refuseRecipient("nobody@example.org", 550, "5.1.1 User unknown"),
                s -> scenario(s).to("bob@example.org,nobody@example.org").prop("mail.smtp.sendpartial", "true"),
                "refused-rcpt");
        SpanView send = o.connection().get(1);
        assertThat(send.num("smtp.envelope.recipient_count")).isEqualTo(2);
        assertThat(send.list("smtp.envelope.recipients_refused")).containsExactly("***@example.org");
        assertThat(send.num("smtp.envelope.refused_count")).isEqualTo(1);
        assertThat(AgentRun.verbs(o.connection())).contains("RCPT -> 550");
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void transientRepliesAreCaptured(MailLibrary lib) {
        Outcome o = runBoth(lib, () -> SmtpTestServer.builder().greylist(1), s -> scenario(s).connections(2),
                "greylisted");
        Map<String, List<SpanView>> byConn = o.run().traces.byConnection();
        assertThat(byConn).hasSize(2);
        List<List<String>> transcripts = byConn.values().stream().map(AgentRun::verbs).collect(Collectors.toList());
        assertThat(transcripts.get(0)).contains("RCPT -> 451");
        assertThat(transcripts.get(1)).contains(". -> 250");
    }

    // ---- bodies that break after 354 -------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("libraries")
    void serverDropsTheConnectionMidBody(MailLibrary lib) {
        Outcome o = runBoth(lib, () -> SmtpTestServer.builder().dropAfterData(100),
                s -> scenario(s).bodyBytes(4_000_000), "dropped-after-354", true);
        List<SpanView> conn = o.connection();
        SpanView send = conn.get(1);
        assertThat(send.bool("smtp.data.started")).isTrue();
        assertThat(send.bool("smtp.data.completed")).isFalse();
        assertThat(send.str("smtp.message.outcome")).isEqualTo("aborted");
        assertThat(send.statusError).isTrue();
        // the server went away: the write fails (broken pipe / reset) or "." reads EOF; either way the server closed
        if (send.has("smtp.body.error.type")) {
            assertThat(send.str("smtp.body.error.type")).isEqualTo("java.net.SocketException");
        }
        assertThat(conn.get(conn.size() - 1).str("smtp.connection.end")).as(o.run().toString())
                .isEqualTo("server_closed");
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void clientExceptionWhileWritingTheBody(MailLibrary lib) {
        Outcome o = runBoth(lib, SmtpTestServer::builder, s -> scenario(s).failingAttachmentAfter(500),
                "body-exception");
        List<SpanView> conn = o.connection();
        SpanView send = conn.get(1);
        assertThat(AgentRun.verbs(conn)).contains("DATA -> 354").doesNotContain(". -> 250");
        assertThat(send.str("smtp.message.outcome")).isEqualTo("aborted");
        assertThat(send.str("smtp.body.error.message")).isEqualTo("attachment source failed");
        assertThat(send.str("smtp.body.error.type")).isEqualTo("java.io.IOException");
        assertThat(send.num("smtp.data.bytes")).isGreaterThan(0);
        assertThat(conn.get(conn.size() - 1).str("smtp.connection.end")).isEqualTo("client_exception");
    }

    // ---- no SMTP reply at all ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("libraries")
    void connectionRefused(MailLibrary lib) {
        int port = RawTcpServers.closedPort();
        Scenario sc = Scenario.create().host("127.0.0.1").port(port).from(USER).to("bob@example.org");
        AgentRun run = AgentRun.withAgent(lib, sc, name(lib, "refused"));
        assertThat(run.result.outcomes()).isEqualTo(AgentRun.withoutAgent(lib, sc).outcomes());
        SpanView connect = run.onlyConnection().get(0);
        assertThat(connect.name).isEqualTo("SMTP connect");
        assertThat(connect.events).isEmpty();
        assertThat(connect.str("smtp.connection.end")).isEqualTo("connect_failed");
        assertThat(connect.str("error.type")).isEqualTo("java.net.ConnectException");
        assertThat(connect.num("server.port")).isEqualTo(port);
        assertThat(connect.bool("smtp.ssl.requested")).isFalse();
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void implicitTlsAgainstAPlaintextGreeting(MailLibrary lib) {
        Outcome o = runBoth(lib, SmtpTestServer::builder,
                s -> scenario(s).prop("mail.smtp.ssl.enable", "true").prop("mail.smtp.timeout", "3000")
                        .prop("mail.smtp.connectiontimeout", "3000"),
                "tls-on-plaintext");
        SpanView connect = o.connection().get(0);
        assertThat(connect.bool("smtp.ssl.requested")).isTrue();
        assertThat(connect.str("smtp.connection.end")).isEqualTo("connect_failed");
        assertThat(connect.str("smtp.tls.mode")).isEqualTo("implicit");
        assertThat(connect.bool("tls.established")).isFalse();
        assertThat(connect.str("smtp.tls.error.type")).startsWith("javax.net.ssl.");
        assertThat(connect.str("error.type")).startsWith("javax.net.ssl.");
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void plaintextClientOnAnImplicitTlsPortTimesOut(MailLibrary lib) {
        Outcome o = runBoth(lib, () -> SmtpTestServer.builder().implicitTls(),
                s -> scenario(s).prop("mail.smtp.timeout", "1500"), "plaintext-on-tls-port");
        SpanView connect = o.connection().get(0);
        assertThat(connect.str("smtp.connection.end")).isEqualTo("timeout");
        assertThat(connect.str("error.type")).isEqualTo("java.net.SocketTimeoutException");
        assertThat(connect.events).hasSize(1);
        assertThat(connect.events.get(0).str("smtp.reply.error")).isEqualTo("java.net.SocketTimeoutException");
        assertThat(connect.bool("smtp.ssl.requested")).isFalse();
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void serverThatNeverGreets(MailLibrary lib) throws Exception {
        try (RawTcpServers.Listener silent = RawTcpServers.silent()) {
            Scenario sc = Scenario.create().host(silent.host()).port(silent.port()).from(USER).to("bob@example.org")
                    .prop("mail.smtp.timeout", "1000");
            AgentRun run = AgentRun.withAgent(lib, sc, name(lib, "no-greeting"));
            assertThat(run.result.outcomes()).isEqualTo(AgentRun.withoutAgent(lib, sc).outcomes());
            SpanView connect = run.onlyConnection().get(0);
            assertThat(connect.str("smtp.connection.end")).isEqualTo("timeout");
            assertThat(connect.str("error.type")).isEqualTo("java.net.SocketTimeoutException");
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void startTlsHandshakeWithAnUntrustedCertificate(MailLibrary lib) {
        // no trustAll(): the JVM does not trust the test certificate
        Outcome o = runBoth(lib, () -> SmtpTestServer.builder().requireStartTls(),
                s -> tlsScenario(s, lib).prop("mail.smtp.starttls.enable", "true"), "untrusted-cert");
        SpanView connect = o.connection().get(0);
        assertThat(AgentRun.verbs(o.connection())).startsWith("<greeting> -> 220", "EHLO -> 250", "STARTTLS -> 220");
        assertThat(connect.str("smtp.tls.mode")).isEqualTo("starttls");
        assertThat(connect.bool("tls.established")).isFalse();
        assertThat(connect.str("smtp.tls.error.message")).contains("certification path");
        assertThat(connect.str("smtp.connection.end")).isEqualTo("client_exception");
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void implicitTlsWithSmtps(MailLibrary lib) {
        Outcome o = runBoth(lib, () -> SmtpTestServer.builder().implicitTls().requireAuth(USER, PASSWORD),
                s -> tlsScenario(s, lib).protocol("smtps").trustAll().credentials(USER, PASSWORD).prop("mail.smtps.auth", "true"),
                "smtps");
        SpanView connect = o.connection().get(0);
        assertThat(connect.bool("smtp.ssl.requested")).isTrue();
        assertThat(connect.str("smtp.tls.mode")).isEqualTo("implicit");
        assertThat(connect.bool("tls.established")).isTrue();
        assertThat(connect.str("smtp.auth.outcome")).isEqualTo("success");
        assertThat(AgentRun.verbs(o.connection())).endsWith(". -> 250", "QUIT -> 221");
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void chunkingSendsBdat(MailLibrary lib) {
        assumeTrue(supportsChunkingAndXoauth2(lib), "BDAT arrived in JavaMail 1.6.0");
        Outcome o = runBoth(lib, () -> SmtpTestServer.builder().chunking(),
                s -> scenario(s).prop("mail.smtp.chunksize", "1024").bodyBytes(5000), "bdat");
        SpanView send = o.connection().get(1);
        assertThat(send.str("smtp.data.mode")).isEqualTo("bdat");
        assertThat(send.str("smtp.message.outcome")).isEqualTo("accepted");
        assertThat(send.events.stream().filter(e -> "BDAT".equals(e.str("smtp.command.verb"))).count())
                .isGreaterThan(1);
        assertThat(send.events.get(send.events.size() - 1).str("smtp.command.line")).endsWith("LAST");
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void authFailureEndsTheConnection(MailLibrary lib) {
        Outcome o = runBoth(lib, () -> SmtpTestServer.builder().requireAuth(USER, PASSWORD),
                s -> scenario(s).credentials(USER, "wrong-password").prop("mail.smtp.auth", "true"), "auth-failed");
        SpanView connect = o.connection().get(0);
        assertThat(connect.str("smtp.auth.outcome")).isEqualTo("failure");
        assertThat(connect.num("smtp.auth.reply_code")).isEqualTo(535);
        assertThat(connect.str("error.type")).isEqualTo("535");
        assertThat(connect.str("smtp.connection.end")).isEqualTo("client_exception");
        assertThat(o.run().everythingWritten()).doesNotContain("wrong-password");
    }
}
