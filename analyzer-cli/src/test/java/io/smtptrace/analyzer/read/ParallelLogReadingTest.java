package io.smtptrace.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Session;

/**
 * Pieces of a debug log read in parallel give exactly what a line-by-line read gives: the same conversations field by
 * field, the same warnings at the same file and line; and where the states meet, a piece is not read twice. Small
 * inputs only (the big ones are in {@link ParallelLogReadingLargeTest}).
 */
class ParallelLogReadingTest {
    static String describe(Session s) {
        return s.id + " " + s.host + " " + s.clientLibrary + " " + s.clientLibraryVersion + " " + s.endReason + " " + s.exchanges.size()
                + " " + s.messages.size() + " " + s.exceptions + " " + s.partial;
    }

    static String conversation(int i) {
        return "DEBUG SMTP: trying to connect to host \"mx" + i + ".example.com\", port 25, isSSL false\n220 mx ESMTP\nEHLO app\n250-mx\n250 OK\n"
                + "MAIL FROM:<a" + i + "@example.com>\n250 ok\nRCPT TO:<b@example.com>\n250 ok\nDATA\n354 go\nSubject: " + i + "\n\nbody\n.\n"
                + "250 queued\nQUIT\n221 bye\n";
    }

    /** Line by line and in parallel (small pieces, two threads): sessions and diagnostics. */
    static List<List<String>> both(byte[] log, int chunk) throws Exception {
        List<String> single = new ArrayList<>();
        StringWriter singleErr = new StringWriter();
        new DebugLogReader().read(new CharSource(new InputStreamReader(new ByteArrayInputStream(log), Inputs.utf8Decoder())), "app.log",
                s -> single.add(describe(s)), new Diagnostics(new PrintWriter(singleErr, true)));
        List<String> parallel = new ArrayList<>();
        StringWriter parErr = new StringWriter();
        ParallelLogReading p = new ParallelLogReading("app.log", null, new Diagnostics(new PrintWriter(parErr, true)), chunk, 2);
        p.read(new ByteArrayInputStream(log), 0, s -> parallel.add(describe(s)));
        return List.of(single, parallel, List.of(singleErr.toString()), List.of(parErr.toString()));
    }

    @Test
    void warningsGivenOncePerInputStayOnceAcrossPieces() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            sb.append(conversation(i));
            if (i % 7 == 3) sb.append("\u0000\u0001binary\n");
            if (i % 9 == 4) sb.append("caf\uFFFD\n");
        }
        List<List<String>> r = both(sb.toString().getBytes(StandardCharsets.UTF_8), 700);
        assertThat(r.get(1)).hasSize(60).isEqualTo(r.get(0));
        assertThat(r.get(3)).isEqualTo(r.get(2));
        assertThat(r.get(2).get(0).lines()).hasSize(2);
        assertThat(r.get(2).get(0)).contains("app.log:73: binary data", "app.log:92: text is not valid UTF-8");
    }

    @Test
    void aLogWhoseStateNeverMeetsIsReadLineByLineInTheEnd() throws Exception {
        // one conversation open all along: no piece has a line with no conversation open
        StringBuilder sb = new StringBuilder("DEBUG SMTP: trying to connect to host \"mx\", port 25, isSSL false\n220 mx ESMTP\n");
        for (int i = 0; i < 400; i++) sb.append("NOOP\n250 2.0.0 ok ").append(i).append('\n');
        sb.append("QUIT\n221 bye\n");
        byte[] log = sb.toString().getBytes(StandardCharsets.UTF_8);
        List<String> parallel = new ArrayList<>();
        ParallelLogReading p = new ParallelLogReading("app.log", null, new Diagnostics(new PrintWriter(new StringWriter(), true)), 256, 2);
        p.read(new ByteArrayInputStream(log), 0, s -> parallel.add(describe(s)));
        assertThat(parallel).isEqualTo(both(log, 256).get(0));
        assertThat(parallel.get(0)).contains(" 402 ");
        assertThat(p.met).as("only the first piece, read from the start").isEqualTo(1);
        // after four pieces read again in full, the workers are no longer asked: only the two already handed to them
        // (one per thread) are still stitched, and read again too
        assertThat(p.reread).isEqualTo(4 + 2);
        // the lines read twice: exactly those of pieces 2 to 7
        Chunks c = new Chunks(new ByteArrayInputStream(log), 0, 256, ParallelLogReading.MAX_LINE_BYTES);
        long[] before = new long[8];
        for (int i = 0; i < 8; i++) before[i] = c.next().linesBefore();
        assertThat(p.linesReread).isEqualTo(before[7] - before[1]);
        // one thread: one piece in flight fewer
        ParallelLogReading one = new ParallelLogReading("app.log", null, new Diagnostics(new PrintWriter(new StringWriter(), true)), 256, 1);
        List<String> oneThread = new ArrayList<>();
        one.read(new ByteArrayInputStream(log), 0, s -> oneThread.add(describe(s)));
        assertThat(oneThread).isEqualTo(parallel);
        assertThat(one.reread).isEqualTo(4 + 1);
    }

    @Test
    void piecesOfALogOfClosedConversationsMeetTheTrueStateEarly() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 80; i++) sb.append("DEBUG: setDebug: JavaMail version 1.6.2\n").append(conversation(i));
        byte[] log = sb.toString().getBytes(StandardCharsets.UTF_8);
        ParallelLogReading[] p = new ParallelLogReading[1];
        Run par = parallel(log, 2, 1500, p);
        assertThat(par).isEqualTo(sequential(log));
        assertThat(par.sessions()).hasSize(80);
        long pieces = p[0].met + p[0].reread;
        assertThat(pieces).isGreaterThan(10);
        assertThat(p[0].reread).as("pieces read twice").isZero();
        // the true state reads a piece's first lines up to the end of the first conversation the worker read whole (it
        // notes its state only after a conversation, and a piece's first lines may be the end of one it missed): a
        // piece after line b meets at the end of the first block of 19 lines that starts after b
        Chunks c = new Chunks(new ByteArrayInputStream(log), 0, 1500, ParallelLogReading.MAX_LINE_BYTES);
        c.next();
        long expected = 0;
        for (Chunks.Chunk k; (k = c.next()) != null; ) {
            long b = k.linesBefore();
            expected += 19 * ((b + 18) / 19 + 1) - b;
        }
        assertThat(p[0].linesReread).as("lines read twice").isEqualTo(expected);
    }

    /** Short conversations, so that one piece holds more of them than a worker notes states for (512). */
    private static String shortConversations(int from, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + n; i++) {
            sb.append("DEBUG SMTP: trying to connect to host \"m").append(i).append("\", port 25, isSSL false\n220 m\nQUIT\n221 b\n");
        }
        return sb.toString();
    }

    @Test
    void aPieceOfMoreConversationsThanNotedStatesStillMeetsOrIsReadAgain() throws Exception {
        // 1,400 conversations in pieces of 64 KB: more than 512 in a piece
        byte[] log = shortConversations(0, 1400).getBytes(StandardCharsets.UTF_8);
        ParallelLogReading[] p = new ParallelLogReading[1];
        Run par = parallel(log, 2, 64 * 1024, p);
        assertThat(par).isEqualTo(sequential(log));
        assertThat(par.sessions()).hasSize(1400);
        assertThat(p[0].reread).isZero();
        assertThat(p[0].met).isEqualTo(2);

        // a library version set at the start only: no worker's state ever meets the true one, and the true state reads
        // each piece beyond the last state its worker noted
        byte[] versioned = ("DEBUG: setDebug: JavaMail version 1.6.2\n" + shortConversations(0, 1400)).getBytes(StandardCharsets.UTF_8);
        Run again = parallel(versioned, 2, 64 * 1024, p);
        assertThat(again).isEqualTo(sequential(versioned));
        assertThat(p[0].reread).isEqualTo(1);
        assertThat(again.sessions()).hasSize(1400).allMatch(x -> x.contains("clientLibraryVersion=1.6.2;"));
    }

    @Test
    void aConversationEndingRightAfterTheMeetingLineIsKept() throws Exception {
        // a connection attempt that never got an answer ends when the next one starts, one line after the line where
        // the states meet (the end of the conversation before it)
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            sb.append(conversation(i)).append("DEBUG SMTP: trying to connect to host \"down").append(i).append("\", port 25, isSSL false\n");
        }
        byte[] log = sb.toString().getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[] {1100, 1600, 2300}) {
            ParallelLogReading[] p = new ParallelLogReading[1];
            Run par = parallel(log, 2, chunk, p);
            assertThat(par).as("pieces of %d", chunk).isEqualTo(sequential(log));
            assertThat(par.sessions()).hasSize(80);
            assertThat(p[0].met).isGreaterThan(5);
        }
    }

    @Test
    void aFirstLineLongerThanTheCuttingLimitLeavesTheWholeInputToLineByLine() throws Exception {
        byte[] log = ("x".repeat(1000) + "\n" + conversation(1) + conversation(2)).getBytes(StandardCharsets.UTF_8);
        List<String> got = new ArrayList<>();
        new ParallelLogReading("app.log", null, new Diagnostics(new PrintWriter(new StringWriter(), true)), 100, 2, 300)
                .read(new ByteArrayInputStream(log), 0, s -> got.add(s.id + " " + s.host));
        assertThat(got).containsExactly("app.log:2 mx1.example.com", "app.log:20 mx2.example.com");
    }

    @Test
    void aReaderDefectInAWorkersPieceIsReportedWhereTheLineByLineReadMeetsIt() throws Exception {
        // a --log-prefix that overflows the stack on a long line without it (catastrophic backtracking): the worker
        // that meets the line fails, the true state reads the piece itself and fails at that line, as line by line
        // the bad line in the middle of the second piece (128 KB), after conversations whose ends the worker noted
        String prefixed = conversation(1).lines().map(l -> "abcd: " + l).collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        int before = 160 * 1024 / prefixed.length();
        String log = prefixed.repeat(before) + "ab".repeat(25_000) + "\n" + prefixed.repeat(100);
        java.nio.file.Path f = java.nio.file.Files.createTempFile("defect", ".log");
        try {
            java.nio.file.Files.writeString(f, log);
            List<String> out = new ArrayList<>();
            for (int threads : new int[] {1, 2}) {
                StringWriter err = new StringWriter();
                Diagnostics d = new Diagnostics(new PrintWriter(err, true));
                List<String> ids = new ArrayList<>();
                new Inputs(d, null, null).logPrefix(java.util.regex.Pattern.compile("(?:ab|cd)*: ")).parallelism(threads, 128 * 1024, 0)
                        .read(f.toString(), s -> ids.add(s.id));
                InputStatus st = d.status().inputs().get(0);
                out.add(ids + " " + st.state() + " " + st.errorLine() + " " + err.toString().replace(f.toString(), "FILE"));
            }
            assertThat(out.get(1)).isEqualTo(out.get(0));
            assertThat(out.get(0)).contains("CUT_SHORT", ": internal error while reading (java.lang.StackOverflowError)")
                    .startsWith("[" + f.getFileName() + ":1, ").contains(":" + ((before - 1) * 18 + 1) + "] ");
        } finally {
            java.nio.file.Files.delete(f);
        }
    }

    @Test
    void aLineLongerThanTheCuttingLimitIsReadLineByLineWithTheRest() throws Exception {
        String head = conversation(1) + conversation(2);
        String log = head + "x".repeat(1000) + "\n" + conversation(3) + "\u0000binary\n" + conversation(4);
        byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
        List<String> got = new ArrayList<>();
        StringWriter err = new StringWriter();
        ParallelLogReading p = new ParallelLogReading("app.log", null, new Diagnostics(new PrintWriter(err, true)), 100, 2, 300);
        p.read(new ByteArrayInputStream(bytes), 0, s -> got.add(describe(s)));
        List<List<String>> r = both(bytes, 100);
        assertThat(got).hasSize(4).isEqualTo(r.get(0));
        long binaryLine = head.lines().count() + 1 + conversation(3).lines().count() + 1;
        assertThat(err.toString()).isEqualTo(r.get(2).get(0)).contains("app.log:" + binaryLine + ": binary data");
        assertThat(p.lineNumber()).isEqualTo(log.lines().count() + 1);
    }

    @Test
    void aReadErrorAfterALongLineIsReportedAtItsLine() throws Exception {
        String good = conversation(1) + "x".repeat(1000) + "\n" + conversation(2) + "DEBUG SMTP: trying to connect";
        java.io.InputStream failing = new java.io.SequenceInputStream(new ByteArrayInputStream(good.getBytes(StandardCharsets.UTF_8)),
                new java.io.InputStream() {
                    @Override
                    public int read() throws java.io.IOException {
                        throw new java.io.IOException("Input/output error");
                    }
                });
        List<String> got = new ArrayList<>();
        ParallelLogReading p = new ParallelLogReading("app.log", null, new Diagnostics(new PrintWriter(new StringWriter(), true)), 100, 2, 300);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.read(failing, 0, s -> got.add(describe(s)))).hasMessage("Input/output error");
        assertThat(got).hasSize(2);
        assertThat(p.lineNumber()).isEqualTo(good.lines().count());
    }


    @Test
    void aReadErrorStopsTheInputAfterTheLinesBeforeIt() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 30; i++) sb.append(conversation(i));
        byte[] good = sb.toString().getBytes(StandardCharsets.UTF_8);
        java.io.InputStream failing = new java.io.SequenceInputStream(new ByteArrayInputStream(good), new java.io.InputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw new java.io.IOException("Input/output error");
            }
        });
        List<String> parallel = new ArrayList<>();
        StringWriter err = new StringWriter();
        ParallelLogReading p = new ParallelLogReading("app.log", null, new Diagnostics(new PrintWriter(err, true)), 500, 2);
        assertThat(p.lineNumber()).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.read(failing, 0, s -> parallel.add(describe(s))))
                .hasMessage("Input/output error");
        assertThat(parallel).hasSize(30);
        assertThat(p.lineNumber()).isEqualTo(good.length == 0 ? 1 : sb.toString().lines().count() + 1);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void anEmptyInputHasNoConversation() throws Exception {
        StringWriter err = new StringWriter();
        ParallelLogReading p = new ParallelLogReading("app.log", null, new Diagnostics(new PrintWriter(err, true)), 500, 0);
        List<Session> got = new ArrayList<>();
        p.read(new ByteArrayInputStream(new byte[0]), 0, got::add);
        assertThat(got).isEmpty();
        assertThat(err.toString()).contains("app.log: no JavaMail SMTP conversation found (is mail.debug");
    }

    @Test
    void lineNumbersCountFromTheLinesBeforeTheInput() throws Exception {
        byte[] log = ("\u0000x\n" + conversation(1)).getBytes(StandardCharsets.UTF_8);
        StringWriter err = new StringWriter();
        List<Session> got = new ArrayList<>();
        new ParallelLogReading("app.log", null, new Diagnostics(new PrintWriter(err, true)), 64, 2).read(new ByteArrayInputStream(log), 10, got::add);
        assertThat(err.toString()).startsWith("smtp-trace: app.log:11: binary data");
        assertThat(got).extracting(s -> s.id).containsExactly("app.log:12");
    }

    /** Placeholder for a byte that is not UTF-8 (0xE9 alone), swapped in after encoding. */
    private static final char NOT_UTF8 = '\uE000';

    /**
     * A seeded log as a busy service writes it: conversations (library banners, AUTH, several recipients, refusals,
     * bodies, some cut off without QUIT or ended by an exception) between application lines, stack traces, another
     * thread's uncaught exception, binary junk and bytes that are not UTF-8. {@code threads}: raw mail.debug output
     * (0), or logback lines of that many threads whose conversations overlap.
     */
    static byte[] generated(long seed, int conversations, int threads) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        int done = 0;
        while (done < conversations || r.nextInt(3) == 0) {
            noise(r, sb, threads);
            if (done >= conversations) break;
            int burst = threads == 0 ? 1 : Math.min(conversations - done, 1 + r.nextInt(threads));
            List<java.util.ArrayDeque<String>> open = new ArrayList<>();
            for (int k = 0; k < burst; k++) {
                List<String> lines = generatedConversation(r, done++);
                String thread = "worker-" + (k + 1);
                java.util.ArrayDeque<String> q = new java.util.ArrayDeque<>();
                for (String l : lines) q.add(threads == 0 ? l : logback(thread, l));
                open.add(q);
            }
            while (!open.isEmpty()) {
                int k = r.nextInt(open.size());
                java.util.ArrayDeque<String> q = open.get(k);
                for (int n = 1 + r.nextInt(4); n > 0 && !q.isEmpty(); n--) sb.append(q.poll()).append('\n');
                if (q.isEmpty()) open.remove(k);
            }
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < b.length; i++) {
            if ((b[i] & 0xff) == 0xEE && i + 2 < b.length && (b[i + 1] & 0xff) == 0x80 && (b[i + 2] & 0xff) == 0x80) {
                out.write(0xE9);
                i += 2;
            } else out.write(b[i]);
        }
        return out.toByteArray();
    }

    private static String logback(String thread, String line) {
        boolean protocol = !line.startsWith("DEBUG");
        String text = line.startsWith("DEBUG SMTP: ") ? line.substring(12) : line.startsWith("DEBUG: ") ? line.substring(7) : line;
        return "2026-11-30 10:00:01.123 [" + thread + "] " + (protocol ? "TRACE com.sun.mail.smtp.protocol - " : "DEBUG com.sun.mail.smtp - ") + text;
    }

    private static void noise(java.util.SplittableRandom r, StringBuilder sb, int threads) {
        for (int n = r.nextInt(4); n > 0; n--) {
            switch (r.nextInt(8)) {
                case 0 -> sb.append("2026-11-30 10:00:01,000 INFO  [main] com.acme.billing.ReportMailer - sending report ").append(r.nextInt(100)).append('\n');
                case 1 -> sb.append("java.lang.IllegalStateException: cache miss\n\tat com.acme.Cache.get(Cache.java:42)\n\tat com.acme.Billing.run(Billing.java:7)\n");
                case 2 -> sb.append("Exception in thread \"cache\" java.io.UncheckedIOException: java.net.SocketTimeoutException: Read timed out\n"
                        + "\tat com.acme.Cache.load(Cache.java:9)\n");
                case 3 -> sb.append("\u0000\u0001\u0002 junk ").append(r.nextInt(10)).append('\n');
                case 4 -> sb.append("caf").append(NOT_UTF8).append(" au lait\n");
                case 5 -> sb.append('\n');
                case 6 -> sb.append("x".repeat(200 + r.nextInt(400))).append('\n');
                default -> sb.append(threads == 0 ? "DEBUG: getProvider() returning javax.mail.Provider[TRANSPORT,smtp,com.sun.mail.smtp.SMTPTransport,Oracle]\n"
                        : "2026-11-30 10:00:01.123 [main] INFO  com.acme.App - tick\n");
            }
        }
    }

    private static List<String> generatedConversation(java.util.SplittableRandom r, int i) {
        List<String> l = new ArrayList<>();
        int lib = r.nextInt(3);
        if (lib == 0) l.add("DEBUG: setDebug: JavaMail version 1.6.2");
        else if (lib == 1) l.add("DEBUG: setDebug: Jakarta Mail version 2.0.1");
        boolean auth = r.nextBoolean();
        l.add("DEBUG SMTP: useEhlo true, useAuth " + auth);
        int port = r.nextBoolean() ? 25 : 587;
        l.add("DEBUG SMTP: trying to connect to host \"mx" + i + ".example.com\", port " + port + ", isSSL false");
        if (r.nextInt(12) == 0) {
            l.add("javax.mail.MessagingException: Could not connect to SMTP host: mx" + i + ".example.com, port: " + port + ";");
            l.add("  nested exception is:");
            l.add("\tjava.net.ConnectException: Connection refused");
            return l;
        }
        l.add("220 mx" + i + ".example.com ESMTP");
        l.add("DEBUG SMTP: connected to host \"mx" + i + ".example.com\", port: " + port);
        l.add("EHLO app");
        l.add("250-mx" + i + ".example.com");
        l.add("250-SIZE 10240000");
        if (auth) l.add("250-AUTH PLAIN LOGIN");
        l.add("250 8BITMIME");
        if (auth) {
            l.add("DEBUG SMTP: Attempt to authenticate using mechanisms: LOGIN PLAIN DIGEST-MD5 NTLM XOAUTH2 ");
            l.add("AUTH LOGIN");
            l.add("334 VXNlcm5hbWU6");
            l.add("YXBw");
            l.add("334 UGFzc3dvcmQ6");
            l.add("czNjcmV0");
            if (r.nextInt(4) == 0) {
                l.add("535 5.7.8 Authentication credentials invalid");
                if (r.nextBoolean()) return l; // cut off: the reader ends it at the next conversation or the input's end
                l.add("QUIT");
                l.add("221 bye");
                return l;
            }
            l.add("235 2.7.0 Authentication successful");
        }
        for (int m = 1 + (r.nextInt(5) == 0 ? 1 : 0); m > 0; m--) {
            l.add("MAIL FROM:<app@example.com>");
            l.add("250 2.1.0 Ok");
            boolean any = false;
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                l.add("RCPT TO:<user" + k + "@example.org>");
                boolean ok = r.nextInt(5) != 0;
                l.add(ok ? "250 2.1.5 Ok" : "550 5.1.1 <user" + k + "@example.org>: Recipient address rejected");
                any |= ok;
            }
            if (!any) {
                l.add("RSET");
                l.add("250 2.0.0 Ok");
                continue;
            }
            l.add("DATA");
            l.add("354 End data with <CR><LF>.<CR><LF>");
            l.add("Subject: report " + i);
            l.add("");
            for (int k = r.nextInt(4); k > 0; k--) l.add(r.nextBoolean() ? "..leading dot" : "line " + k);
            l.add(".");
            l.add(r.nextInt(8) == 0 ? "552 5.3.4 Message size exceeds fixed limit" : "250 2.0.0 Ok: queued as " + Integer.toHexString(r.nextInt()));
        }
        if (r.nextInt(10) == 0) return l; // no QUIT: the application never closed the transport
        l.add("QUIT");
        l.add("221 2.0.0 Bye");
        return l;
    }

    /** Everything a read of {@code log} gives: each conversation field by field, then stderr. */
    record Run(List<String> sessions, String err) {}

    static Run sequential(byte[] log) throws Exception {
        List<String> sessions = new ArrayList<>();
        StringWriter err = new StringWriter();
        new DebugLogReader().read(new CharSource(new InputStreamReader(new ByteArrayInputStream(log), Inputs.utf8Decoder())), "app.log",
                s -> sessions.add(io.smtptrace.analyzer.support.SessionDump.of(s)), new Diagnostics(new PrintWriter(err, true)));
        return new Run(sessions, err.toString());
    }

    static Run parallel(byte[] log, int threads, int chunk, ParallelLogReading[] keep) throws Exception {
        List<String> sessions = new ArrayList<>();
        StringWriter err = new StringWriter();
        ParallelLogReading p = new ParallelLogReading("app.log", null, new Diagnostics(new PrintWriter(err, true)), chunk, threads);
        if (keep != null) keep[0] = p;
        p.read(new ByteArrayInputStream(log), 0, s -> sessions.add(io.smtptrace.analyzer.support.SessionDump.of(s)));
        return new Run(sessions, err.toString());
    }

    @Test
    void generatedLogsReadInPiecesGiveExactlyTheLineByLineResult() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            for (int threads : new int[] {0, 2, 3}) {
                byte[] log = generated(seed, 16, threads);
                Run single = sequential(log);
                assertThat(single.sessions()).as("seed %d threads %d", seed, threads).hasSizeGreaterThanOrEqualTo(16);
                // a piece boundary after every line (the costly one) for one seed; other sizes for all
                int[][] variants = seed == 1 ? new int[][] {{2, 1}, {3, 97}, {2, 700}, {1, 2500}, {2, 1 << 20}}
                        : new int[][] {{3, 97}, {2, 700}, {1, 2500}};
                for (int[] v : variants) {
                    String as = "seed " + seed + ", " + threads + " logging threads, read on " + v[0] + " threads in pieces of " + v[1] + " bytes";
                    Run par = parallel(log, v[0], v[1], null);
                    assertThat(par.sessions()).as(as).isEqualTo(single.sessions());
                    assertThat(par.err()).as(as).isEqualTo(single.err());
                }
            }
        }
    }

    @Test
    void aLogWithoutConversationsSaysSoOnceWhetherBinaryOrNot() throws Exception {
        byte[] binary = "app started\n\u0000\u0001junk\nstill running\n\u0000\u0002more junk\n".repeat(20).getBytes(StandardCharsets.UTF_8);
        byte[] text = "app started\nstill running\n".repeat(40).getBytes(StandardCharsets.UTF_8);
        for (byte[] log : List.of(binary, text)) {
            Run single = sequential(log);
            assertThat(parallel(log, 2, 64, null)).isEqualTo(single);
            assertThat(single.sessions()).isEmpty();
        }
        assertThat(parallel(binary, 2, 64, null).err().lines()).containsExactly("smtp-trace: app.log:2: binary data (not a text log), skipped; further binary lines are skipped silently",
                "smtp-trace: app.log: no JavaMail SMTP conversation found");
        assertThat(parallel(text, 2, 64, null).err()).startsWith("smtp-trace: app.log: no JavaMail SMTP conversation found (is mail.debug");
    }
}
