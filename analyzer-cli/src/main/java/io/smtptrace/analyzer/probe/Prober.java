package io.smtptrace.analyzer.probe;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import io.smtptrace.analyzer.probe.ProbeReport.Mode;
import io.smtptrace.analyzer.probe.ProbeReport.Note;
import io.smtptrace.analyzer.probe.ProbeReport.Port;
import io.smtptrace.analyzer.probe.ProbeReport.Prediction;
import io.smtptrace.analyzer.probe.ProbeReport.SendTest;
import io.smtptrace.analyzer.probe.ProbeReport.Verdict;

/**
 * Speaks SMTP to one port the way JavaMail would, and a little more: it asks MAIL FROM before TLS and before AUTH to
 * learn what the server requires (MAIL alone sends nothing), tries the other TLS mode to see what a wrong choice gives,
 * and sends a message only with --send-test. Every wait is bounded by the connect and read timeouts.
 */
public final class Prober {
    /** How long to wait for a plaintext greeting before concluding the port wants TLS first. */
    static final int PLAIN_GREETING_WAIT_MS = 3000;
    /** JavaMail's default mechanism order (mail.smtp.auth.mechanisms); XOAUTH2 is disabled unless asked for. */
    static final List<String> JAVAMAIL_MECHANISMS = List.of("LOGIN", "PLAIN", "DIGEST-MD5", "NTLM");

    public record Options(String user, char[] password, String from, String sendTo, int connectTimeoutMs, int readTimeoutMs,
                          java.nio.file.Path trustStore, char[] trustStorePassword, String ehloName, boolean allowPlaintextAuth) {}

    private final String host;
    private final Options opt;
    private final TlsInspector tls;
    private final SSLSocketFactory factory;
    private final LongSupplier clock = System::nanoTime;

    public Prober(String host, Options opt) throws IOException, GeneralSecurityException {
        this.host = host;
        this.opt = opt;
        this.tls = new TlsInspector(opt.trustStore(), opt.trustStorePassword());
        this.factory = tls.recordingFactory();
    }

    public Port probe(int portNumber) {
        Port p = new Port(portNumber);
        long start = clock.getAsLong();
        boolean implicitFirst = portNumber == 465 || portNumber % 1000 == 465;
        try {
            if (implicitFirst) {
                if (!tryImplicit(p, true)) tryPlain(p, opt.readTimeoutMs());
                else observePlainOnTlsPort(p);
            } else if (!tryPlain(p, PLAIN_GREETING_WAIT_MS) && p.verdict != Verdict.UNREACHABLE) {
                boolean silent = p.notes.removeIf(n -> n.key().equals("note.no-plain-greeting"));
                if (tryImplicit(p, false)) {
                    // the plaintext attempt above is what a client without mail.smtp.ssl.enable gets
                    if (silent) p.predictions.add(new Prediction("plain-on-tls-port", new Object[] {PLAIN_GREETING_WAIT_MS / 1000.0}, null, true));
                } else {
                    if (silent) p.notes.add(new Note("note.no-plain-greeting", PLAIN_GREETING_WAIT_MS / 1000.0));
                    tryPlain(p, opt.readTimeoutMs());
                }
            }
        } finally {
            p.timings.put("total", ms(start));
        }
        if (p.verdict != Verdict.UNREACHABLE && p.mode != null) p.config = ConfigAdvisor.config(host, p, opt.user());
        return p;
    }

    /** @return true when a plaintext SMTP session happened (whatever its outcome); false when no greeting came */
    private boolean tryPlain(Port p, int greetingWaitMs) {
        long t0 = clock.getAsLong();
        SmtpWire w;
        try {
            w = SmtpWire.connect(host, p.port, opt.connectTimeoutMs(), greetingWaitMs);
        } catch (IOException e) {
            unreachable(p, e);
            return false;
        }
        p.timings.put("connect", ms(t0));
        try (w) {
            long t1 = clock.getAsLong();
            Reply greeting;
            try {
                greeting = w.read();
            } catch (SocketTimeoutException e) {
                p.notes.add(new Note("note.no-plain-greeting", greetingWaitMs / 1000.0));
                return false;
            } catch (IOException e) {
                p.notes.add(new Note("note.not-smtp", e.getMessage()));
                return false;
            }
            w.setReadTimeout(opt.readTimeoutMs());
            p.timings.put("greeting", ms(t1));
            p.mode = Mode.PLAIN;
            p.verdict = Verdict.FAILS;
            if (!greet(p, greeting)) return true;
            Reply ehlo = ehlo(w, p, "ehlo");
            p.ehloBefore = ehlo.positive() ? ehlo.extensions() : List.of();
            p.authBefore = authMechanisms(p.ehloBefore);
            p.starttlsOffered = p.ehloBefore.stream().anyMatch(e -> e.equalsIgnoreCase("STARTTLS"));
            if (p.starttlsOffered) {
                // MAIL before TLS tells whether TLS is required (530 naming STARTTLS); it starts no message
                Reply mail = timed(p, "mail-before-tls", () -> w.command("MAIL FROM:<" + from() + ">"));
                p.starttlsRequired = mail.code() == 530 && mail.text().toUpperCase(Locale.ROOT).contains("TLS");
                if (p.starttlsRequired) {
                    p.predictions.add(new Prediction("no-starttls", new Object[0], mail.text(), true));
                } else {
                    if (mail.positive()) w.command("RSET");
                    p.predictions.add(new Prediction("starttls-optional", new Object[0], null, true));
                }
                Reply st = timed(p, "starttls", () -> w.command("STARTTLS"));
                if (st.code() != 220) {
                    p.notes.add(new Note("note.starttls-refused", st.text()));
                    return true;
                }
                long th = clock.getAsLong();
                SSLSocket s;
                try {
                    s = w.startTls(factory, host, p.port);
                } catch (IOException e) {
                    p.notes.add(new Note("note.handshake-failed", e.getMessage()));
                    return true;
                }
                p.timings.put("tls-handshake", ms(th));
                p.mode = Mode.STARTTLS;
                tlsDetails(p, s);
                Reply ehlo2 = ehlo(w, p, "ehlo-after-tls");
                p.ehloAfter = ehlo2.positive() ? ehlo2.extensions() : List.of();
                p.authAfter = authMechanisms(p.ehloAfter);
            }
            if (p.tls == null) p.notes.add(new Note("note.no-tls"));
            session(w, p);
            observeImplicitOnPlainPort(p);
            return true;
        } catch (IOException e) {
            p.notes.add(new Note("note.io-error", e.getMessage()));
            return true;
        }
    }

    /** @return true when a session over implicit TLS happened */
    private boolean tryImplicit(Port p, boolean expected) {
        long t0 = clock.getAsLong();
        SmtpWire w;
        try {
            w = SmtpWire.connect(host, p.port, opt.connectTimeoutMs(), opt.readTimeoutMs());
        } catch (IOException e) {
            unreachable(p, e);
            return false;
        }
        p.timings.put("connect", ms(t0));
        try (w) {
            long th = clock.getAsLong();
            SSLSocket s;
            try {
                s = w.startTls(factory, host, p.port);
            } catch (IOException e) {
                if (!expected) p.notes.add(new Note("note.no-implicit-tls", e.getMessage()));
                return false;
            }
            p.timings.put("tls-handshake", ms(th));
            p.mode = Mode.IMPLICIT_TLS;
            p.verdict = Verdict.FAILS;
            tlsDetails(p, s);
            long t1 = clock.getAsLong();
            Reply greeting = w.read();
            p.timings.put("greeting", ms(t1));
            if (!greet(p, greeting)) return true;
            Reply ehlo = ehlo(w, p, "ehlo");
            p.ehloAfter = ehlo.positive() ? ehlo.extensions() : List.of();
            p.authAfter = authMechanisms(p.ehloAfter);
            session(w, p);
            return true;
        } catch (IOException e) {
            p.notes.add(new Note("note.io-error", e.getMessage()));
            return true;
        }
    }

    private boolean greet(Port p, Reply greeting) {
        p.greeting = greeting.text();
        String[] words = greeting.lines().get(0).length() > 4 ? greeting.lines().get(0).substring(4).split(" ") : new String[0];
        p.bannerHost = words.length > 0 ? words[0] : null;
        if (greeting.code() != 220) {
            p.notes.add(new Note("note.greeting-refused", greeting.text()));
            return false;
        }
        return true;
    }

    private Reply ehlo(SmtpWire w, Port p, String step) throws IOException {
        Reply r = timed(p, step, () -> w.command("EHLO " + opt.ehloName()));
        if (!r.positive()) {
            p.notes.add(new Note("note.ehlo-refused", r.text()));
            w.command("HELO " + opt.ehloName());
        }
        return r;
    }

    private void tlsDetails(Port p, SSLSocket s) {
        p.tls = new ProbeReport.Tls(s.getSession().getProtocol(), s.getSession().getCipherSuite());
        p.certificate = tls.judge(host);
        if (p.certificate != null && !p.certificate.trustedByJvm()) {
            p.predictions.add(new Prediction("untrusted-certificate", new Object[] {host}, null, true));
        }
        if (p.certificate != null && !p.certificate.hostMatches()) {
            p.predictions.add(new Prediction("host-mismatch", new Object[] {host, String.join(", ", p.certificate.sans())}, null, true));
        }
    }

    /** After greeting, EHLO and TLS: size limit, AUTH (with credentials), whether MAIL needs AUTH, the test message. */
    private void session(SmtpWire w, Port p) throws IOException {
        for (String e : p.extensions()) {
            String u = e.toUpperCase(Locale.ROOT);
            if (u.startsWith("SIZE ")) {
                try {
                    p.sizeLimit = Long.parseLong(u.substring(5).trim());
                } catch (NumberFormatException ignored) {
                    // SIZE without a usable number: no limit announced
                }
            }
        }
        // MAIL before AUTH tells whether the server requires AUTH; RSET ends it, nothing is sent. The sender is the one
        // the application would use: servers quote it in their replies ("<a@b>: Sender address rejected: ...")
        Reply mail = timed(p, "mail", () -> w.command("MAIL FROM:<" + from() + ">"));
        p.authRequired = mail.code() == 530 || mail.code() == 554 && mail.text().toLowerCase(Locale.ROOT).contains("auth");
        if (p.authRequired) p.predictions.add(new Prediction("no-auth", new Object[0], mail.text(), true));
        if (mail.positive()) w.command("RSET");
        boolean authed = false;
        if (opt.user() != null) {
            authed = authenticate(w, p, p.tls != null ? p.authAfter : p.authBefore);
            if (Boolean.FALSE.equals(p.authOk)) {
                quit(w, p);
                return;
            }
        }
        boolean mayMail = mail.positive() || authed;
        if (mayMail && opt.sendTo() != null) sendTest(w, p);
        else if (opt.sendTo() != null) p.notes.add(new Note("note.send-test-skipped"));
        if (p.sizeLimit > 0) {
            // JavaMail sends no SIZE=: a bigger message is refused only after its body, with 552 (RFC 5321 4.5.3.1.10)
            // and 5.3.4 (RFC 3463). The text after it differs from the one a MAIL FROM ... SIZE= gets (Postfix: "Error:
            // message file too big" vs "Message size exceeds fixed limit"), so only the codes are predicted.
            String codes = "552";
            if (mayMail) {
                Reply big = w.command("MAIL FROM:<" + from() + "> SIZE=" + (p.sizeLimit + 1));
                if (big.code() == 552 && big.text().startsWith("552 5.3.4")) codes = "552 5.3.4";
                w.command("RSET");
            }
            p.predictions.add(new Prediction("oversize", new Object[] {p.sizeLimit}, codes, false, false));
        }
        if (p.authRequired && opt.user() == null) p.notes.add(new Note("note.credentials-not-verified"));
        boolean sendFailed = opt.sendTo() != null && (p.sendTest == null || !p.sendTest.accepted());
        p.verdict = sendFailed ? Verdict.FAILS : Verdict.WORKS;
        quit(w, p);
    }

    private boolean authenticate(SmtpWire w, Port p, List<String> mechs) throws IOException {
        if (mechs.isEmpty()) {
            p.notes.add(new Note("note.auth-not-offered"));
            return false;
        }
        if (p.tls == null && !opt.allowPlaintextAuth()) {
            p.notes.add(new Note("note.auth-skipped-plaintext"));
            return false;
        }
        if (p.certificate != null && !p.certificate.trusted()) {
            p.notes.add(new Note("note.auth-skipped-untrusted"));
            return false;
        }
        String mech = JAVAMAIL_MECHANISMS.stream().filter(m -> mechs.stream().anyMatch(o -> o.equalsIgnoreCase(m))).findFirst().orElse(null);
        if (mech == null || !(mech.equals("LOGIN") || mech.equals("PLAIN"))) {
            p.notes.add(new Note("note.auth-mechanism-unsupported", String.join(" ", mechs)));
            return false;
        }
        p.authMechanism = mech;
        long t = clock.getAsLong();
        Reply r;
        byte[] pw = new String(opt.password()).getBytes(StandardCharsets.UTF_8);
        try {
            if (mech.equals("PLAIN")) {
                byte[] u = opt.user().getBytes(StandardCharsets.UTF_8);
                byte[] resp = new byte[u.length + pw.length + 2];
                System.arraycopy(u, 0, resp, 1, u.length);
                System.arraycopy(pw, 0, resp, u.length + 2, pw.length);
                r = w.command("AUTH PLAIN " + Base64.getEncoder().encodeToString(resp));
                java.util.Arrays.fill(resp, (byte) 0);
            } else {
                r = w.command("AUTH LOGIN");
                if (r.code() == 334) r = w.command(Base64.getEncoder().encodeToString(opt.user().getBytes(StandardCharsets.UTF_8)));
                if (r.code() == 334) r = w.command(Base64.getEncoder().encodeToString(pw));
            }
        } finally {
            java.util.Arrays.fill(pw, (byte) 0);
        }
        p.timings.put("auth", ms(t));
        p.authOk = r.code() == 235;
        p.authReply = r.text();
        return p.authOk;
    }

    private void sendTest(SmtpWire w, Port p) throws IOException {
        long t = clock.getAsLong();
        Reply r = w.command("MAIL FROM:<" + from() + ">");
        if (r.positive()) r = w.command("RCPT TO:<" + opt.sendTo() + ">");
        if (r.positive()) r = w.command("DATA");
        if (r.code() == 354) {
            String date = ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME);
            String msg = "From: <" + from() + ">\r\nTo: <" + opt.sendTo() + ">\r\nSubject: smtp-trace probe test message\r\nDate: " + date
                    + "\r\nMessage-ID: <" + java.util.UUID.randomUUID() + "@smtp-trace.probe>\r\nMIME-Version: 1.0\r\n"
                    + "Content-Type: text/plain; charset=US-ASCII\r\n\r\nTest message sent by smtp-trace probe --send-test.\r\n.\r\n";
            w.sendData(msg.getBytes(StandardCharsets.US_ASCII));
            r = w.read();
        }
        p.timings.put("send-test", ms(t));
        p.sendTest = new SendTest(opt.sendTo(), r.code() == 250, r.text());
    }

    private void quit(SmtpWire w, Port p) {
        try {
            w.command("QUIT");
        } catch (IOException ignored) {
            // the session's findings are complete; a server that drops the connection on QUIT changes nothing
        }
        p.transcript = List.copyOf(w.transcript());
    }

    /** On a STARTTLS/plain port: what mail.smtp.ssl.enable=true would get (a handshake against a plaintext greeting). */
    private void observeImplicitOnPlainPort(Port p) {
        try (SmtpWire w = SmtpWire.connect(host, p.port, opt.connectTimeoutMs(), opt.readTimeoutMs())) {
            w.startTls(factory, host, p.port);
            p.predictions.add(new Prediction("ssl-on-plain-port", new Object[] {p.port, "(handshake succeeded)"}, null, false));
        } catch (IOException e) {
            p.predictions.add(new Prediction("ssl-on-plain-port", new Object[] {p.port, String.valueOf(e.getMessage())}, null, true));
        }
    }

    /** On an implicit-TLS port: what a client without mail.smtp.ssl.enable gets (no greeting in plain text). */
    private void observePlainOnTlsPort(Port p) {
        try (SmtpWire w = SmtpWire.connect(host, p.port, opt.connectTimeoutMs(), PLAIN_GREETING_WAIT_MS)) {
            w.read();
            p.predictions.add(new Prediction("plain-on-tls-port", new Object[] {PLAIN_GREETING_WAIT_MS / 1000.0}, null, false));
        } catch (SocketTimeoutException e) {
            p.predictions.add(new Prediction("plain-on-tls-port", new Object[] {PLAIN_GREETING_WAIT_MS / 1000.0}, null, true));
        } catch (IOException e) {
            p.predictions.add(new Prediction("plain-on-tls-port", new Object[] {PLAIN_GREETING_WAIT_MS / 1000.0}, null, true));
        }
    }

    private void unreachable(Port p, IOException e) {
        if (p.mode == null) {
            p.verdict = Verdict.UNREACHABLE;
            p.error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private String from() {
        if (opt.from() != null) return opt.from();
        if (opt.user() != null && opt.user().contains("@")) return opt.user();
        return "smtp-trace-probe@" + opt.ehloName();
    }

    private long ms(long since) {
        return (clock.getAsLong() - since) / 1_000_000;
    }

    private interface Io<T> {
        T run() throws IOException;
    }

    private <T> T timed(Port p, String step, Io<T> io) throws IOException {
        long t = clock.getAsLong();
        try {
            return io.run();
        } finally {
            p.timings.put(step, ms(t));
        }
    }

    static List<String> authMechanisms(List<String> ehlo) {
        for (String e : ehlo) {
            String u = e.toUpperCase(Locale.ROOT);
            if (u.startsWith("AUTH ") || u.startsWith("AUTH=")) return List.of(u.substring(5).trim().split("\\s+"));
        }
        return List.of();
    }
}
