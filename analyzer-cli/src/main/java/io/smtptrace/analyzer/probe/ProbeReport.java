package io.smtptrace.analyzer.probe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Everything one probe found, per port. Texts are kept as bundle keys and arguments, rendered in the reader's language. */
public final class ProbeReport {
    public final String host;
    public final List<Port> ports = new ArrayList<>();

    ProbeReport(String host) {
        this.host = host;
    }

    public enum Mode { STARTTLS, IMPLICIT_TLS, PLAIN }

    public enum Verdict { WORKS, FAILS, UNREACHABLE }

    public record Certificate(String subject, List<String> sans, String issuer, Instant notAfter, long daysLeft, int chainLength,
                              boolean selfSigned, boolean trustedByJvm, String jvmError, String trustStore, Boolean trustedByStore,
                              String storeError, boolean hostMatches) {
        /** Trusted by the JVM, or by the trust store given with --trust-store. */
        public boolean trusted() {
            return trustedByJvm || Boolean.TRUE.equals(trustedByStore);
        }
    }

    public record Tls(String protocol, String cipher) {}

    /** A text in the "probe" bundle. */
    public record Note(String key, Object... args) {}

    /**
     * What a common wrong choice would produce: the choice, the outcome and, where the server answers, its exact reply
     * line ({@code exact}) or how it starts; {@code observed} when the probe saw it happen on this server rather than
     * inferring it.
     */
    public record Prediction(String id, Object[] args, String reply, boolean exact, boolean observed) {
        Prediction(String id, Object[] args, String reply, boolean observed) {
            this(id, args, reply, reply != null, observed);
        }
    }

    public record SendTest(String to, boolean accepted, String reply) {}

    public static final class Port {
        public final int port;
        public Mode mode;
        public Verdict verdict = Verdict.FAILS;
        public String error;
        public final List<Note> notes = new ArrayList<>();
        public String greeting;
        public String bannerHost;
        public List<String> ehloBefore;
        public List<String> ehloAfter;
        public boolean starttlsOffered;
        public Boolean starttlsRequired;
        public Tls tls;
        public Certificate certificate;
        public List<String> authBefore = List.of();
        public List<String> authAfter = List.of();
        public Boolean authRequired;
        public long sizeLimit = -1;
        public String authMechanism;
        public Boolean authOk;
        public String authReply;
        public SendTest sendTest;
        public final Map<String, Long> timings = new LinkedHashMap<>();
        public final List<Prediction> predictions = new ArrayList<>();
        public List<String> transcript = List.of();
        public Config config;

        Port(int port) {
            this.port = port;
        }

        /** The extensions that apply to mail: after STARTTLS when it was used. */
        public List<String> extensions() {
            return ehloAfter != null ? ehloAfter : ehloBefore == null ? List.of() : ehloBefore;
        }

        public boolean has(String extension) {
            for (String e : extensions()) {
                String u = e.toUpperCase(Locale.ROOT);
                if (u.equals(extension) || u.startsWith(extension + " ") || u.startsWith(extension + "=")) return true;
            }
            return false;
        }
    }

    /** The settings that work: JavaMail properties in order, and JVM options they need (a trust store). */
    public record Config(String host, int port, Map<String, String> javamail, List<String> jvmOptions, String user,
                         boolean userKnown, List<Note> comments) {}
}
