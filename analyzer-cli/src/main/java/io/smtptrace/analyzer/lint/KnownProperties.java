package io.smtptrace.analyzer.lint;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The mail.smtp.* names the SMTP transport of JavaMail 1.4-1.6, Jakarta Mail and Angus Mail 1-2 reads (the union; taken
 * from the package documentation and the names in Angus Mail 2.0.3's SMTPTransport and SocketFetcher), and the fields of
 * Spring Boot's spring.mail.* (MailProperties, Boot 2 and 3).
 */
public final class KnownProperties {
    public static final Set<String> SMTP = Set.of(
            "user", "host", "port", "connectiontimeout", "timeout", "writetimeout", "from", "localhost", "localaddress",
            "localport", "ehlo", "auth", "auth.mechanisms", "auth.login.disable", "auth.plain.disable",
            "auth.digest-md5.disable", "auth.ntlm.disable", "auth.xoauth2.disable", "auth.ntlm.domain", "auth.ntlm.flags",
            "auth.ntlm.v2", "submitter", "dsn.notify", "dsn.ret", "allow8bitmime", "sendpartial", "sasl.enable",
            "sasl.mechanisms", "sasl.authorizationid", "sasl.realm", "sasl.usecanonicalhostname", "quitwait",
            "quitonsessionreject", "reportsuccess", "socketFactory", "socketFactory.class", "socketFactory.fallback",
            "socketFactory.port", "ssl.enable", "ssl.checkserveridentity", "ssl.trust", "ssl.socketFactory",
            "ssl.socketFactory.class", "ssl.socketFactory.port", "ssl.protocols", "ssl.ciphersuites",
            "ssl.hostnameverifier", "ssl.hostnameverifier.class", "starttls.enable", "starttls.required", "proxy.host",
            "proxy.port", "proxy.user", "proxy.password", "socks.host", "socks.port", "mailextension", "userset",
            "noop.strict", "chunksize", "usesocketchannels", "executor.writetimeout");

    public static final Set<String> SPRING_FIELDS = Set.of(
            "host", "port", "username", "password", "protocol", "defaultencoding", "properties", "jndiname",
            "testconnection", "ssl.enabled", "ssl.bundle");

    /** Display names of the Spring fields, for suggestions. */
    public static final List<String> SPRING_KEYS = List.of(
            "spring.mail.host", "spring.mail.port", "spring.mail.username", "spring.mail.password", "spring.mail.protocol",
            "spring.mail.default-encoding", "spring.mail.jndi-name", "spring.mail.test-connection",
            "spring.mail.ssl.enabled", "spring.mail.ssl.bundle");

    private KnownProperties() {}

    /** The nearest candidate within a small edit distance (a typo), if any. */
    public static Optional<String> nearest(String word, java.util.Collection<String> candidates) {
        int limit = Math.max(2, word.length() / 4);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
            if (d <= limit && (d < bestDistance || d == bestDistance && c.compareTo(best) < 0)) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Damerau-Levenshtein (optimal string alignment): a swapped pair of letters is one typo. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
