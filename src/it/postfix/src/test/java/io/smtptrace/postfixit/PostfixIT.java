package io.smtptrace.postfixit;

import static org.assertj.core.api.Assertions.assertThat;

import io.smtptrace.testsupport.ExportedTraces.SpanView;
import io.smtptrace.testsupport.MailLibrary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every supported mail library version and Spring's JavaMailSenderImpl, in a forked JVM under the real agent, against
 * the real Postfix of src/it/postfix/setup.sh: correctly and misconfigured. Asserts the captured conversation as
 * Postfix answers it, the analyzer's findings on the agent's trace and on the debug log of the same run, and that the
 * application saw the same without the agent. Records what it verified for the compatibility matrix.
 */
class PostfixIT {

    static final List<MailLibrary> LIBRARIES = Stream.concat(MailLibrary.mailLibraries().stream(),
            Stream.of(MailLibrary.SPRING_6_ANGUS_MAIL_2_0_3, MailLibrary.SPRING_5_JAVAX_MAIL_1_6_2))
            .collect(Collectors.toList());
    static final List<MailLibrary> ALL_CASES = List.of(MailLibrary.JAVAX_MAIL_1_6_2, MailLibrary.ANGUS_MAIL_2_0_3);

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (Case c : Case.values()) {
            for (MailLibrary lib : LIBRARIES) {
                if (c.everyLibrary || ALL_CASES.contains(lib)) {
                    out.add(Arguments.of(lib, c));
                }
            }
        }
        return out.stream();
    }

    @BeforeAll
    static void postfixIsRunning() {
        Postfix.requireRunning();
        CompatMatrix.reset();
    }

    @AfterAll
    static void writeMatrix() {
        if (!CompatMatrix.load().isEmpty()) {
            System.out.println(CompatMatrix.generate());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("matrix")
    void sendThroughPostfix(MailLibrary lib, Case c) {
        PostfixRun run = PostfixRun.run(lib, c);
        Analyzer.Report fromTrace = Analyzer.analyze(run.traceFile);
        Analyzer.Report fromLog = Analyzer.analyze(run.debugLog);
        Analyzer.Report fromAppLog = Analyzer.analyze(run.applicationLog());
        List<List<String>> conversation = run.connections().stream().map(Trace::verbs).collect(Collectors.toList());
        Map<String, String> captured = captured(run);
        CompatMatrix.Entry unverified = new CompatMatrix.Entry(lib.id(), lib.coordinates(), c.id, c.rule, false,
                Postfix.version(), captured, conversation, new ArrayList<>(fromTrace.ruleIds()),
                new ArrayList<>(fromLog.ruleIds()), PostfixRun.normalised(run.withAgent), null);
        CompatMatrix.record(unverified);

        String ctx = run + "\ntrace findings: " + fromTrace.rulesWithCounts() + "\nlog findings: "
                + fromLog.rulesWithCounts() + "\napplication log findings: " + fromAppLog.rulesWithCounts()
                + "\nconversation: " + conversation;

        // the application saw exactly the same with and without the agent
        assertThat(PostfixRun.normalised(run.withAgent)).as("RESULT lines with vs without the agent\n%s", ctx)
                .isEqualTo(PostfixRun.normalised(run.withoutAgent));
        assertThat(run.withAgent.exitCode()).as(ctx).isZero();
        if (c.sendsSuccessfully()) {
            assertThat(run.withAgent.outcomes()).as(ctx).allMatch(o -> o.endsWith(" ok"));
        } else {
            assertThat(run.withAgent.outcomes()).as(ctx).anyMatch(o -> o.contains(" error "));
        }

        Conversations.assertCaptured(run, ctx);

        // the analyzer: the rule on the trace, the same rules from the debug log of the same run
        assertThat(fromTrace.stderr()).as(ctx).isEmpty();
        assertThat(fromLog.stderr()).as(ctx).isEmpty();
        if (c.rule == null) {
            assertThat(fromTrace.anyError()).as("no error finding for a correct run\n%s", ctx).isFalse();
        } else {
            assertThat(fromTrace.ruleIds()).as(ctx).contains(c.rule);
        }
        assertThat(fromTrace.ruleIds()).as(ctx).containsExactlyElementsOf(Conversations.expectedRules(lib, c));
        // the debug log with the application's exception after it, as an application's log shows both
        assertThat(fromAppLog.stderr()).as(ctx).isEmpty();
        assertThat(fromAppLog.rulesWithCounts()).as("rules from the debug log + exception vs from the trace\n%s", ctx)
                .isEqualTo(fromTrace.rulesWithCounts());
        // the bare debug log (JavaMail logs no handshake exception) gives the same findings
        assertThat(fromLog.ruleIds()).as("rule ids from the debug log vs from the trace\n%s", ctx)
                .isEqualTo(fromTrace.ruleIds());
        assertThat(fromLog.rulesWithCounts()).as("severity and count from the debug log vs from the trace\n%s", ctx)
                .isEqualTo(fromTrace.rulesWithCounts());
        if (c == Case.NO_AUTH) {
            // three unchanged attempts: the analyzer calls it a retry loop
            Analyzer.Finding f = fromTrace.finding("auth-required");
            assertThat(f.count()).as(ctx).isEqualTo(3);
            assertThat(f.explanation()).as(ctx).contains("retried 3 times");
        }

        CompatMatrix.record(new CompatMatrix.Entry(lib.id(), lib.coordinates(), c.id, c.rule, true, Postfix.version(),
                captured, conversation, unverified.traceRules(), unverified.logRules(), unverified.results(), null));
    }

    /** What the agent's trace shows of the (first) connection, for the matrix. */
    static Map<String, String> captured(PostfixRun run) {
        Map<String, String> m = new LinkedHashMap<>();
        List<List<SpanView>> conns = run.connections();
        if (conns.isEmpty()) {
            return m;
        }
        List<SpanView> conn = conns.get(0);
        List<String> verbs = Trace.verbs(conn);
        SpanView first = conn.get(0);
        SpanView last = conn.get(conn.size() - 1);
        if (verbs.contains("<greeting> 220") && verbs.contains("EHLO 250")) {
            m.put("connect", "");
        }
        String tlsVersion = first.str("tls.protocol.version");
        if (first.bool("tls.established")) {
            String v = tlsVersion == null ? "" : "TLS " + tlsVersion;
            if ("starttls".equals(first.str("smtp.tls.mode")) && verbs.contains("STARTTLS 220")) {
                m.put("starttls", v);
            } else if ("implicit".equals(first.str("smtp.tls.mode"))) {
                m.put("implicit", v);
            }
        }
        if ("success".equals(first.str("smtp.auth.outcome"))) {
            m.put("auth", first.str("smtp.auth.mechanism"));
        }
        if (verbs.contains("MAIL 250") && verbs.contains("RCPT 250")) {
            m.put("envelope", "");
        }
        for (SpanView s : conn) {
            if (s.bool("smtp.data.completed") && s.has("smtp.data.bytes") && verbs.contains(". 250")) {
                // bytes vary by a few between runs (Message-ID); lines do not
                m.put("body", s.num("smtp.body.lines") + " lines");
            }
        }
        if (verbs.contains("QUIT 221") && "quit".equals(last.str("smtp.connection.end"))) {
            m.put("end", "");
        }
        return m;
    }
}
