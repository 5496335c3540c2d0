package io.smtptrace.postfixit;

import static org.assertj.core.api.Assertions.assertThat;

import io.smtptrace.testsupport.ExportedTraces;
import io.smtptrace.testsupport.ExportedTraces.EventView;
import io.smtptrace.testsupport.ExportedTraces.SpanView;
import io.smtptrace.testsupport.MailLibrary;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What Postfix answers in each case (src/it/postfix/README.md, "Exact replies"), as the agent must have captured it:
 * verbs and reply codes in order, enhanced codes and reply texts.
 */
final class Conversations {

    static final String GREETING = "220 mail.example.test ESMTP Postfix";
    static final List<String> TLS_AUTH = List.of("<greeting> 220", "EHLO 250", "STARTTLS 220", "EHLO 250",
            "AUTH LOGIN 334", "[redacted] 334", "[redacted] 235");
    static final List<String> SEND = List.of("MAIL 250", "RCPT 250", "DATA 354", ". 250", "QUIT 221");

    private Conversations() {
    }

    static Set<String> expectedRules(MailLibrary lib, Case c) {
        TreeSet<String> s = new TreeSet<>();
        if (c.rule != null) {
            s.add(c.rule);
        }
        return s;
    }

    /** Every connection's "VERB code" sequence, exactly. */
    static List<List<String>> expectedVerbs(Case c) {
        List<String> one = new ArrayList<>();
        switch (c) {
            case SUBMISSION_STARTTLS_AUTH -> {
                one.addAll(TLS_AUTH);
                one.addAll(SEND);
            }
            case SMTPS_AUTH, AUTH_OVER_PLAINTEXT -> {
                one.addAll(List.of("<greeting> 220", "EHLO 250", "AUTH LOGIN 334", "[redacted] 334", "[redacted] 235"));
                one.addAll(SEND);
            }
            // Postfix refuses RSET before TLS too (everything but EHLO/HELO/STARTTLS/NOOP/QUIT)
            case NO_STARTTLS -> one.addAll(List.of("<greeting> 220", "EHLO 250", "MAIL 530", "RSET 530", "QUIT 221"));
            case NO_AUTH -> {
                List<String> conn = List.of("<greeting> 220", "EHLO 250", "MAIL 530", "RSET 250", "QUIT 221");
                return List.of(conn, conn, conn);
            }
            case OVERSIZED -> {
                one.addAll(TLS_AUTH);
                one.addAll(List.of("MAIL 250", "RCPT 250", "DATA 354", ". 552", "RSET 250", "QUIT 221"));
            }
            // the library drops the connection after the 535, without QUIT
            case WRONG_PASSWORD -> one.addAll(List.of("<greeting> 220", "EHLO 250", "STARTTLS 220", "EHLO 250",
                    "AUTH LOGIN 334", "[redacted] 334", "[redacted] 535"));
            case RELAY -> one.addAll(List.of("<greeting> 220", "EHLO 250", "MAIL 250", "RCPT 554", "RSET 250", "QUIT 221"));
            case UNKNOWN_USER -> one.addAll(List.of("<greeting> 220", "EHLO 250", "MAIL 250", "RCPT 550", "RSET 250",
                    "QUIT 221"));
            // the handshake reads Postfix's plaintext greeting: no SMTP exchange at all
            case IMPLICIT_TLS_ON_PLAIN_PORT -> {
            }
            case PLAINTEXT_ON_SMTPS -> one.add("<greeting> (java.net.SocketTimeoutException)");
            case UNTRUSTED_CERTIFICATE -> one.addAll(List.of("<greeting> 220", "EHLO 250", "STARTTLS 220"));
            default -> throw new IllegalStateException(c.name());
        }
        return List.of(one);
    }

    static void assertCaptured(PostfixRun run, String ctx) {
        List<List<SpanView>> conns = run.connections();
        List<List<String>> verbs = conns.stream().map(Trace::verbs).toList();
        assertThat(verbs).as("captured conversation per connection\n%s", ctx).isEqualTo(expectedVerbs(run.c));
        for (List<SpanView> conn : conns) {
            SpanView first = conn.get(0);
            SpanView last = conn.get(conn.size() - 1);
            assertThat(first.str("smtp.client.library")).as(ctx).isNotBlank();
            assertThat(first.str("server.address")).as(ctx).isEqualTo(Postfix.HOST);
            List<EventView> ex = ExportedTraces.exchanges(conn);
            if (!ex.isEmpty() && ex.get(0).has("smtp.reply.code")) {
                assertThat(Trace.replyText(ex.get(0))).as(ctx).isEqualTo(GREETING);
            }
            for (EventView e : ex) {
                String verb = e.str("smtp.command.verb");
                String text = Trace.replyText(e);
                long code = e.num("smtp.reply.code");
                if ("EHLO".equals(verb)) {
                    assertThat(e.list("smtp.reply.lines")).as(ctx).startsWith("250-mail.example.test")
                            .contains("250-SIZE " + Postfix.SIZE_LIMIT, "250-ENHANCEDSTATUSCODES").endsWith("250 CHUNKING");
                }
                if ("STARTTLS".equals(verb)) {
                    assertThat(text).as(ctx).isEqualTo("220 2.0.0 Ready to start TLS");
                    assertThat(e.str("smtp.reply.enhanced_code")).as(ctx).isEqualTo("2.0.0");
                }
                if (("MAIL".equals(verb) || "RCPT".equals(verb)) && e.str("smtp.command.line") != null) {
                    // envelope privacy (default "domain"): local parts never in command lines
                    assertThat(e.str("smtp.command.line")).as(ctx).doesNotContain("user@", "nobody@", "someone@");
                }
                if (code == 235) {
                    assertThat(text).as(ctx).isEqualTo("235 2.7.0 Authentication successful");
                }
                if (code == 221) {
                    assertThat(text).as(ctx).isEqualTo("221 2.0.0 Bye");
                }
                if (".".equals(verb) && code == 250) {
                    assertThat(text).as(ctx).matches("250 2\\.0\\.0 Ok: queued as [0-9A-F]+");
                }
                if (code >= 400) {
                    assertThat(e.str("smtp.reply.enhanced_code")).as(ctx).isEqualTo(text.substring(4, 9));
                }
            }
            assertThat(run.trace.raw).as("no password in the trace\n%s", ctx).doesNotContain(Postfix.PASSWORD);
            switch (run.c) {
                case SUBMISSION_STARTTLS_AUTH, OVERSIZED, WRONG_PASSWORD -> {
                    assertThat(first.str("smtp.tls.mode")).as(ctx).isEqualTo("starttls");
                    assertThat(first.bool("tls.established")).as(ctx).isTrue();
                    assertThat(first.str("tls.protocol.version")).as(ctx).isIn("1.2", "1.3");
                    assertThat(first.bool("smtp.ehlo.starttls_offered")).as(ctx).isTrue();
                    assertThat(first.list("smtp.ehlo.auth_mechanisms")).as(ctx).containsExactly("PLAIN", "LOGIN");
                    assertThat(first.str("smtp.auth.mechanism")).as(ctx).isEqualTo("LOGIN");
                }
                case SMTPS_AUTH -> {
                    assertThat(first.str("smtp.tls.mode")).as(ctx).isEqualTo("implicit");
                    assertThat(first.bool("tls.established")).as(ctx).isTrue();
                    assertThat(first.bool("smtp.ssl.requested")).as(ctx).isTrue();
                    assertThat(first.str("tls.protocol.version")).as(ctx).isIn("1.2", "1.3");
                }
                default -> {
                }
            }
            switch (run.c) {
                case SUBMISSION_STARTTLS_AUTH, SMTPS_AUTH, AUTH_OVER_PLAINTEXT -> {
                    assertThat(first.str("smtp.auth.outcome")).as(ctx).isEqualTo("success");
                    SpanView send = conn.get(1);
                    assertThat(send.str("smtp.message.outcome")).as(ctx).isEqualTo("accepted");
                    assertThat(send.str("smtp.data.mode")).as(ctx).isEqualTo("data");
                    assertThat(send.num("smtp.data.bytes")).as(ctx).isBetween(300L, 1000L);
                    assertThat(send.num("smtp.body.lines")).as(ctx).isPositive();
                    assertThat(send.list("smtp.envelope.recipients")).as(ctx).containsExactly("***@example.test");
                    assertThat(last.str("smtp.connection.end")).as(ctx).isEqualTo("quit");
                    if (run.c == Case.AUTH_OVER_PLAINTEXT) {
                        assertThat(first.str("smtp.tls.mode")).as(ctx).isEqualTo("none");
                    }
                }
                case NO_STARTTLS -> {
                    assertThat(reply(conn, "MAIL")).as(ctx).isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
                    assertThat(first.bool("smtp.ehlo.starttls_offered")).as(ctx).isTrue();
                    assertThat(first.list("smtp.ehlo.auth_mechanisms")).as(ctx).isEmpty();
                    assertThat(first.str("smtp.tls.mode")).as(ctx).isEqualTo("none");
                }
                case NO_AUTH -> {
                    assertThat(enhanced(conn, "MAIL")).as(ctx).isEqualTo("5.7.0");
                    assertThat(reply(conn, "MAIL")).as(ctx).startsWith("530 5.7.0 ")
                            .endsWith("Sender address rejected: Authentication required");
                    assertThat(first.list("smtp.ehlo.auth_mechanisms")).as(ctx).containsExactly("PLAIN", "LOGIN");
                }
                case OVERSIZED -> {
                    assertThat(reply(conn, ".")).as(ctx).isEqualTo("552 5.3.4 Error: message file too big");
                    SpanView send = conn.get(1);
                    assertThat(send.num("smtp.data.bytes")).as(ctx).isGreaterThan(Case.OVERSIZED_BODY);
                    assertThat(send.str("smtp.message.outcome")).as(ctx).isEqualTo("rejected");
                    assertThat(first.num("smtp.ehlo.size_limit")).as(ctx).isEqualTo(Postfix.SIZE_LIMIT);
                }
                case WRONG_PASSWORD -> {
                    assertThat(first.str("smtp.auth.outcome")).as(ctx).isEqualTo("failure");
                    assertThat(first.num("smtp.auth.reply_code")).as(ctx).isEqualTo(535);
                    assertThat(Trace.replyText(ExportedTraces.exchanges(conn).get(6))).as(ctx)
                            .isEqualTo("535 5.7.8 Error: authentication failed: authentication failure");
                    assertThat(run.trace.raw).as(ctx).doesNotContain("wrong-" + Postfix.PASSWORD);
                }
                // Postfix repeats the address in its refusal; the agent redacts it like the envelope (default: domain)
                case RELAY -> {
                    assertThat(reply(conn, "RCPT")).as(ctx)
                            .isEqualTo("554 5.7.1 <***@outside.invalid>: Relay access denied");
                    assertThat(run.trace.raw).as(ctx).doesNotContain("someone@");
                }
                case UNKNOWN_USER -> {
                    assertThat(reply(conn, "RCPT")).as(ctx).isEqualTo(
                            "550 5.1.1 <***@example.test>: Recipient address rejected: User unknown in local recipient table");
                    assertThat(run.trace.raw).as(ctx).doesNotContain("nobody@");
                }
                case IMPLICIT_TLS_ON_PLAIN_PORT -> {
                    assertThat(first.str("smtp.tls.mode")).as(ctx).isEqualTo("implicit");
                    assertThat(first.bool("tls.established")).as(ctx).isFalse();
                    assertThat(first.str("smtp.tls.error.type")).as(ctx).isEqualTo("javax.net.ssl.SSLException");
                    assertThat(first.str("smtp.tls.error.message")).as(ctx).isEqualTo("Unsupported or unrecognized SSL message");
                    assertThat(last.str("smtp.connection.end")).as(ctx).isEqualTo("connect_failed");
                }
                case PLAINTEXT_ON_SMTPS -> {
                    assertThat(first.bool("smtp.ssl.requested")).as(ctx).isFalse();
                    assertThat(first.str("error.type")).as(ctx).isEqualTo("java.net.SocketTimeoutException");
                    assertThat(last.str("smtp.connection.end")).as(ctx).isEqualTo("timeout");
                }
                case UNTRUSTED_CERTIFICATE -> {
                    assertThat(first.str("smtp.tls.mode")).as(ctx).isEqualTo("starttls");
                    assertThat(first.bool("tls.established")).as(ctx).isFalse();
                    // the contract names "the handshake exception" (SSLHandshakeException); the agent records the
                    // innermost cause here (SunCertPathBuilderException), unlike the implicit case: reported, both accepted
                    assertThat(first.str("smtp.tls.error.type")).as(ctx).isIn("javax.net.ssl.SSLHandshakeException",
                            "sun.security.provider.certpath.SunCertPathBuilderException");
                    assertThat(first.str("smtp.tls.error.message")).as(ctx)
                            .contains("unable to find valid certification path to requested target");
                    assertThat(last.str("smtp.connection.end")).as(ctx).isEqualTo("client_exception");
                }
                default -> {
                }
            }
        }
    }

    private static EventView event(List<SpanView> conn, String verb) {
        return ExportedTraces.exchanges(conn).stream().filter(e -> verb.equals(e.str("smtp.command.verb"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + verb + " in " + Trace.verbs(conn)));
    }

    private static String reply(List<SpanView> conn, String verb) {
        return Trace.replyText(event(conn, verb));
    }

    private static String enhanced(List<SpanView> conn, String verb) {
        return event(conn, verb).str("smtp.reply.enhanced_code");
    }
}
