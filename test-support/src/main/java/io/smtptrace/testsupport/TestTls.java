package io.smtptrace.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The self-signed test certificate (CN=localhost, SAN dns:localhost, ip:127.0.0.1, RSA 2048, valid 20 years from
 * 2025), generated once with keytool and checked in as resources:
 * <ul>
 *   <li>{@code server-keystore.p12} - PKCS12 key store with the private key (alias {@code smtp-test-server})</li>
 *   <li>{@code client-truststore.p12} - PKCS12 trust store with just the certificate</li>
 *   <li>{@code server-cert.pem} - the certificate</li>
 * </ul>
 * Both stores use the password {@link #PASSWORD}.
 */
public final class TestTls {

    public static final String PASSWORD = "changeit";
    public static final String STORE_TYPE = "PKCS12";

    private static volatile Path trustStoreFile;
    private static volatile SSLContext serverContext;
    private static volatile SSLContext clientContext;

    private TestTls() {
    }

    /**
     * A PKCS12 trust store file (password {@link #PASSWORD}) containing the server certificate, written once per
     * JVM to a temp file. Forked clients: {@code -Djavax.net.ssl.trustStore=<path>
     * -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12}, see
     * {@link #trustStoreSystemProperties()}; or simply {@code mail.smtp.ssl.trust=*}.
     */
    public static Path clientTrustStore() {
        Path p = trustStoreFile;
        if (p == null || !Files.exists(p)) {
            synchronized (TestTls.class) {
                p = trustStoreFile;
                if (p == null || !Files.exists(p)) {
                    try (InputStream in = resource("client-truststore.p12")) {
                        p = Files.createTempFile("smtptrace-truststore", ".p12");
                        Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
                        p.toFile().deleteOnExit();
                        trustStoreFile = p;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return p;
    }

    /** {@code -D} arguments (without the -D) that make a JVM trust the test server. */
    public static java.util.Map<String, String> trustStoreSystemProperties() {
        return java.util.Map.of(
                "javax.net.ssl.trustStore", clientTrustStore().toString(),
                "javax.net.ssl.trustStorePassword", PASSWORD,
                "javax.net.ssl.trustStoreType", STORE_TYPE);
    }

    /** Server side context with the test key. */
    public static SSLContext serverContext() {
        SSLContext c = serverContext;
        if (c == null) {
            try (InputStream in = resource("server-keystore.p12")) {
                KeyStore ks = KeyStore.getInstance(STORE_TYPE);
                ks.load(in, PASSWORD.toCharArray());
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, PASSWORD.toCharArray());
                c = SSLContext.getInstance("TLS");
                c.init(kmf.getKeyManagers(), null, null);
                serverContext = c;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot load test key store", e);
            }
        }
        return c;
    }

    /** Client side context trusting (only) the test certificate, for in-process clients. */
    public static SSLContext clientContext() {
        SSLContext c = clientContext;
        if (c == null) {
            try (InputStream in = resource("client-truststore.p12")) {
                KeyStore ts = KeyStore.getInstance(STORE_TYPE);
                ts.load(in, PASSWORD.toCharArray());
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ts);
                c = SSLContext.getInstance("TLS");
                c.init(null, tmf.getTrustManagers(), null);
                clientContext = c;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot load test trust store", e);
            }
        }
        return c;
    }

    private static InputStream resource(String name) {
        InputStream in = TestTls.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing resource io/smtptrace/testsupport/" + name);
        }
        return in;
    }
}
