package io.smtptrace.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Builds a {@link MailClientApp} scenario properties file. All setters return this. */
public final class Scenario {

    private final Properties p = new Properties();

    private Scenario() {
    }

    public static Scenario create() {
        return new Scenario();
    }

    /** host/port of the server, protocol smtp (or smtps if the server uses implicit TLS). */
    public static Scenario forServer(SmtpTestServer server) {
        return create().host(server.host()).port(server.port());
    }

    public Scenario host(String host) {
        return set("host", host);
    }

    public Scenario port(int port) {
        return set("port", String.valueOf(port));
    }

    /** smtp | smtps */
    public Scenario protocol(String protocol) {
        return set("protocol", protocol);
    }

    /** A Session property, e.g. {@code prop("mail.smtp.starttls.enable", "true")}. */
    public Scenario prop(String mailKey, String value) {
        return set("prop." + mailKey, value);
    }

    public Scenario credentials(String user, String password) {
        return set("user", user).set("password", password);
    }

    public Scenario connections(int n) {
        return set("connections", String.valueOf(n));
    }

    public Scenario messages(int perConnection) {
        return set("messages", String.valueOf(perConnection));
    }

    public Scenario check(boolean check) {
        return set("check", String.valueOf(check));
    }

    public Scenario from(String from) {
        return set("from", from);
    }

    /** Comma separated recipients. */
    public Scenario to(String to) {
        return set("to", to);
    }

    public Scenario subject(String subject) {
        return set("subject", subject);
    }

    public Scenario bodyBytes(int n) {
        return set("bodyBytes", String.valueOf(n));
    }

    /** text | dots | bare-lf | long-line | nonascii | nul */
    public Scenario bodyKind(String kind) {
        return set("bodyKind", kind);
    }

    public Scenario failingAttachmentAfter(int bytes) {
        return set("failingAttachmentAfter", String.valueOf(bytes));
    }

    public Scenario useStaticSend(boolean b) {
        return set("useStaticSend", String.valueOf(b));
    }

    public Scenario debugFile(Path file) {
        return set("debugFile", file.toAbsolutePath().toString());
    }

    /** javamail | spring | commons-email */
    public Scenario client(String client) {
        return set("client", client);
    }

    /** The client that fits the library / stack. */
    public Scenario client(MailLibrary library) {
        return client(library.client().scenarioValue());
    }

    /** false: the application never calls {@code close()} on its transports. */
    public Scenario close(boolean close) {
        return set("close", String.valueOf(close));
    }

    /** Before message m (m &gt; 1) of a connection, wait until the file {@code <gate>.<m>} exists. */
    public Scenario gateBetweenMessages(Path gate) {
        return set("messageGate", gate.toAbsolutePath().toString());
    }

    /** {@link ConcurrentMailApp}: threads, each running the whole scenario with its own transports. */
    public Scenario threads(int n) {
        return set("threads", String.valueOf(n));
    }

    /**
     * {@link ConcurrentMailApp}: run the scenario this many times; before each run after the first, print
     * {@code RESULT phase <k> done} and wait until the file {@code <gate>.<k+1>} exists.
     */
    public Scenario phases(int n, Path gate) {
        return set("phases", String.valueOf(n)).set("gate", gate.toAbsolutePath().toString());
    }

    public Scenario delayBetweenMessagesMs(long ms) {
        return set("delayBetweenMessagesMs", String.valueOf(ms));
    }

    /** Trust the test certificate without a trust store ({@code mail.<protocol>.ssl.trust=*}, smtp and smtps). */
    public Scenario trustAll() {
        return prop("mail.smtp.ssl.trust", "*").prop("mail.smtps.ssl.trust", "*");
    }

    public Scenario set(String key, String value) {
        p.setProperty(key, value);
        return this;
    }

    public String get(String key) {
        return p.getProperty(key);
    }

    public Properties properties() {
        Properties copy = new Properties();
        copy.putAll(p);
        return copy;
    }

    /** Writes the scenario to {@code file} and returns it. */
    public Path write(Path file) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "MailClientApp scenario");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the scenario to a new temp file (deleted on exit). */
    public Path writeTemp() {
        try {
            Path f = Files.createTempFile("smtptrace-scenario", ".properties");
            f.toFile().deleteOnExit();
            return write(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return p.toString();
    }
}
