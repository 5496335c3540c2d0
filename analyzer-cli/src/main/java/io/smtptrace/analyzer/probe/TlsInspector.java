package io.smtptrace.analyzer.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for the probe: the handshake accepts any certificate so that it can be inspected (the probe sends no credentials
 * over a connection whose certificate is not trusted), then the chain is judged separately against the JVM's trust
 * store and, when given, another one (--trust-store), and the host name against the certificate's names (RFC 6125).
 */
final class TlsInspector {
    private final X509TrustManager jvm;
    private final X509TrustManager extra;
    private final String extraName;
    private X509Certificate[] lastChain;
    private String lastAuthType;

    TlsInspector(Path trustStore, char[] trustStorePassword) throws IOException, GeneralSecurityException {
        jvm = trustManager(null);
        if (trustStore != null) {
            KeyStore ks = KeyStore.getInstance(trustStore.toString().toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12");
            try (InputStream in = Files.newInputStream(trustStore)) {
                ks.load(in, trustStorePassword);
            }
            extra = trustManager(ks);
            extraName = trustStore.toString();
        } else {
            extra = null;
            extraName = null;
        }
    }

    private static X509TrustManager trustManager(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(ks);
        for (TrustManager t : f.getTrustManagers()) if (t instanceof X509TrustManager x) return x;
        throw new GeneralSecurityException("no X509TrustManager");
    }

    /** A socket factory whose handshake records the server's chain instead of judging it. */
    SSLSocketFactory recordingFactory() throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                lastChain = chain.clone();
                lastAuthType = authType;
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return ctx.getSocketFactory();
    }

    /** What the last handshake showed about the certificate, judged for {@code host}. */
    ProbeReport.Certificate judge(String host) {
        X509Certificate[] chain = lastChain;
        if (chain == null || chain.length == 0) return null;
        X509Certificate leaf = chain[0];
        List<String> sans = new ArrayList<>();
        try {
            Collection<List<?>> alt = leaf.getSubjectAlternativeNames();
            if (alt != null) for (List<?> e : alt) {
                int type = (Integer) e.get(0);
                if (type == 2) sans.add("DNS:" + e.get(1));
                else if (type == 7) sans.add("IP:" + e.get(1));
            }
        } catch (CertificateParsingException ignored) {
            // no SANs readable: the host name check below then fails, which is the truth for JavaMail as well
        }
        String jvmError = check(jvm, chain);
        String extraError = extra == null ? null : check(extra, chain);
        Instant notAfter = leaf.getNotAfter().toInstant();
        return new ProbeReport.Certificate(leaf.getSubjectX500Principal().getName(), sans, leaf.getIssuerX500Principal().getName(),
                notAfter, Duration.between(Instant.now(), notAfter).toDays(), chain.length,
                leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal()), jvmError == null, jvmError,
                extraName, extra == null ? null : extraError == null, extraError, matches(host, sans));
    }

    private String check(X509TrustManager tm, X509Certificate[] chain) {
        try {
            tm.checkServerTrusted(chain, lastAuthType == null ? "UNKNOWN" : lastAuthType);
            return null;
        } catch (CertificateException | RuntimeException e) {
            String m = e.getMessage();
            return m == null ? e.getClass().getSimpleName() : m;
        }
    }

    /** RFC 6125: an IP address against IP SANs; a name against DNS SANs, a wildcard standing for one left-most label. */
    static boolean matches(String host, List<String> sans) {
        String h = host.toLowerCase(Locale.ROOT);
        boolean ip = h.matches("[0-9.]+") || h.contains(":");
        for (String san : sans) {
            if (ip && san.startsWith("IP:")) {
                try {
                    if (InetAddress.getByName(san.substring(3)).equals(InetAddress.getByName(h))) return true;
                } catch (IOException ignored) {
                    // not an address: no match
                }
            } else if (!ip && san.startsWith("DNS:")) {
                String n = san.substring(4).toLowerCase(Locale.ROOT);
                if (n.equals(h)) return true;
                if (n.startsWith("*.") && h.indexOf('.') > 0 && h.substring(h.indexOf('.')).equals(n.substring(1))) return true;
            }
        }
        return false;
    }
}
