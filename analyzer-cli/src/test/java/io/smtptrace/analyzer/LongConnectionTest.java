package io.smtptrace.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.rules.Finding;
import io.smtptrace.analyzer.support.Analysis;
import io.smtptrace.analyzer.support.Conversation;
import io.smtptrace.analyzer.support.OtlpWriter;

/** A pooled connection that sends for hours is analysed in parts, so memory stays flat; findings still add up. */
class LongConnectionTest {
    static final int MESSAGES = 6000; // 4 exchanges each: more than one part of 20000 exchanges

    @TempDir
    Path tmp;

    static Session longConnection() {
        Conversation c = Conversation.to("smtp.example.com", 587).id("pool-1").greet("220 hi").cmd("EHLO a", "250-hi", "250-STARTTLS", "250 SIZE 1000")
                .cmd("STARTTLS", "220 go").cmd("EHLO a", "250-hi", "250 AUTH PLAIN").cmd("AUTH PLAIN", "235 ok");
        for (int i = 0; i < MESSAGES; i++) {
            if (i % 1000 == 999) {
                c.cmd("MAIL FROM:<***@example.com>", "250 ok").cmd("RCPT TO:<***@example.org>", "550 5.1.1 User unknown").cmd("RSET", "250 ok");
            } else c.message();
        }
        return c.cmd("QUIT", "221 bye").build();
    }

    @Test
    void agentTraceOfALongConnection() throws IOException {
        Session s = longConnection();
        Path f = tmp.resolve("long.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            for (String l : new OtlpWriter().lines(s)) w.write(l + "\n");
        }
        check(Analysis.of(f));
    }

    @Test
    void debugLogOfALongConnection() throws IOException {
        Session s = longConnection();
        Path f = tmp.resolve("long.log");
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("DEBUG SMTP: trying to connect to host \"smtp.example.com\", port 587, isSSL false\n");
            for (var e : s.exchanges) {
                if (!e.isGreeting()) w.write(e.line + "\n");
                for (String r : e.replyLines) w.write(r + "\n");
                if (e.is("DATA")) w.write("Subject: x\n\nbody\n");
            }
        }
        check(Analysis.of(f));
    }

    private static void check(Analysis a) {
        assertThat(a.err.toString()).isEmpty();
        assertThat(a.sessions.size()).isGreaterThan(1);
        assertThat(a.sessions).allSatisfy(x -> assertThat(x.exchanges.size()).isLessThanOrEqualTo(Session.MAX_EXCHANGES_PER_PART + 10));
        assertThat(a.sessions.stream().mapToInt(x -> x.messages.size()).sum()).isEqualTo(MESSAGES);
        assertThat(a.sessions.get(1).id).endsWith("#2");
        List<Finding> f = a.findings;
        assertThat(f).extracting(Finding::rule).containsExactly("recipient-rejected");
        assertThat(f.get(0).count()).isEqualTo(MESSAGES / 1000);
    }
}
