package io.smtptrace.postfixit;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** The Postfix set up by src/it/postfix/setup.sh: ports, credentials and truststore from ports.env. */
final class Postfix {

    static final Path ENV = Paths.get(System.getProperty("smtptrace.postfixEnv", "ports.env"));
    private static final Properties P = load();

    static final String HOST = "localhost"; // the certificate's name (Angus Mail checks it)
    static final int SUBMISSION = port("SUBMISSION_PORT");
    static final int AUTH_REQUIRED = port("AUTH_REQUIRED_PORT");
    static final int OPEN_RELAY_CHECK = port("OPEN_RELAY_CHECK_PORT");
    static final int SMTPS = port("SMTPS_PORT");
    static final String USER = P.getProperty("SMTP_USER");
    static final String PASSWORD = P.getProperty("SMTP_PASSWORD");
    static final String LOCAL_RECIPIENT = P.getProperty("LOCAL_RECIPIENT");
    static final String UNKNOWN_RECIPIENT = P.getProperty("UNKNOWN_RECIPIENT");
    static final String OUTSIDE_RECIPIENT = P.getProperty("OUTSIDE_RECIPIENT");
    static final int SIZE_LIMIT = port("MESSAGE_SIZE_LIMIT");
    static final String TRUSTSTORE = P.getProperty("TRUSTSTORE");
    static final String TRUSTSTORE_PASSWORD = P.getProperty("TRUSTSTORE_PASSWORD");
    static final String TRUSTSTORE_TYPE = P.getProperty("TRUSTSTORE_TYPE");
    /** The suite's own Postfix instance (never the system's default /etc/postfix). */
    static final String CONFIG_DIR = P.getProperty("POSTFIX_CONFIG_DIR", "/etc/postfix-smtp-trace");

    private static volatile String version;

    private Postfix() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(ENV)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ENV.toAbsolutePath(), e);
        }
        return p;
    }

    private static int port(String key) {
        return Integer.parseInt(P.getProperty(key).trim());
    }

    /**
     * Postfix must answer 220 on the SUBMISSION port. On CI (CI=true) its absence fails the suite (.ci/run runs
     * setup.sh first); elsewhere the suite is skipped.
     */
    static void requireRunning() {
        String problem = probe();
        if (problem == null) {
            return;
        }
        String msg = "Postfix (instance " + CONFIG_DIR + ") is not reachable on 127.0.0.1:" + SUBMISSION + " (SUBMISSION_PORT in " + ENV + "): "
                + problem;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(msg + ". CI must run `bash src/it/setup.sh` before `mvn verify` (.ci/run does).");
        }
        assumeTrue(false, msg + ". Run `sudo bash src/it/setup.sh` (starts smtp-trace's own Postfix instance) to run the Postfix integration suite.");
    }

    private static String probe() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", SUBMISSION), 2000);
            s.setSoTimeout(5000);
            byte[] buf = new byte[512];
            int n = s.getInputStream().read(buf);
            String greeting = n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII).trim();
            s.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            return greeting.startsWith("220 ") && greeting.contains("Postfix") ? null
                    : "unexpected greeting '" + greeting + "'";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** e.g. "3.7.11" from {@code postconf -h mail_version}; "unknown" if postconf is not on the PATH. */
    static String version() {
        if (version == null) {
            String v = "unknown";
            for (String postconf : new String[] {"postconf", "/usr/sbin/postconf"}) {
                try {
                    Process p = new ProcessBuilder(postconf, "-h", "mail_version").redirectErrorStream(true).start();
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                    if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9][0-9.]*")) {
                        v = out;
                        break;
                    }
                } catch (IOException e) {
                    // try the next
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            version = v;
        }
        return version;
    }
}
