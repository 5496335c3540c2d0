package io.smtptrace.analyzer.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.smtptrace.analyzer.probe.ProbeReport.Config;
import io.smtptrace.analyzer.probe.ProbeReport.Mode;
import io.smtptrace.analyzer.probe.ProbeReport.Note;
import io.smtptrace.analyzer.probe.ProbeReport.Port;

/**
 * The JavaMail settings that work for a probed port: TLS the way the server speaks it (and required, never optional),
 * AUTH when the server requires it, the host name the certificate names, bounded timeouts, and trust without "*":
 * the JVM's trust store, the one given with --trust-store, or, for a certificate nothing trusts, this host only.
 */
final class ConfigAdvisor {
    static final String CONNECTION_TIMEOUT = "10000";
    static final String TIMEOUT = "30000";

    private ConfigAdvisor() {}

    static Config config(String host, Port p, String user) {
        Map<String, String> m = new LinkedHashMap<>();
        List<String> jvm = new ArrayList<>();
        List<Note> comments = new ArrayList<>();
        String connectHost = host;
        var cert = p.certificate;
        if (cert != null && !cert.hostMatches()) {
            String dns = cert.sans().stream().filter(s -> s.startsWith("DNS:") && !s.contains("*")).map(s -> s.substring(4)).findFirst().orElse(null);
            if (dns != null) {
                connectHost = dns;
                comments.add(new Note("config.host-from-certificate", host, dns));
            }
        }
        m.put("mail.transport.protocol", "smtp");
        m.put("mail.smtp.host", connectHost);
        m.put("mail.smtp.port", String.valueOf(p.port));
        boolean auth = Boolean.TRUE.equals(p.authRequired) || user != null;
        if (auth) {
            m.put("mail.smtp.auth", "true");
            m.put("mail.smtp.user", user != null ? user : "<user>");
        }
        if (p.mode == Mode.STARTTLS) {
            m.put("mail.smtp.starttls.enable", "true");
            m.put("mail.smtp.starttls.required", "true");
        } else if (p.mode == Mode.IMPLICIT_TLS) {
            m.put("mail.smtp.ssl.enable", "true");
        }
        if (p.mode != Mode.PLAIN && cert != null) {
            m.put("mail.smtp.ssl.checkserveridentity", "true");
            if (!cert.trustedByJvm()) {
                if (Boolean.TRUE.equals(cert.trustedByStore())) {
                    jvm.add("-Djavax.net.ssl.trustStore=" + cert.trustStore());
                    jvm.add("-Djavax.net.ssl.trustStorePassword=<password>");
                    jvm.add("-Djavax.net.ssl.trustStoreType=" + (cert.trustStore().toLowerCase().endsWith(".jks") ? "JKS" : "PKCS12"));
                    comments.add(new Note("config.trust-store", cert.trustStore(), connectHost));
                } else {
                    m.put("mail.smtp.ssl.trust", connectHost);
                    comments.add(new Note("config.trust-host", connectHost));
                }
            }
        }
        m.put("mail.smtp.connectiontimeout", CONNECTION_TIMEOUT);
        m.put("mail.smtp.timeout", TIMEOUT);
        m.put("mail.smtp.writetimeout", TIMEOUT);
        if (auth) comments.add(new Note("config.password"));
        return new Config(connectHost, p.port, m, jvm, user, user != null, comments);
    }
}
