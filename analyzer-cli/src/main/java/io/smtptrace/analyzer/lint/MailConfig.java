package io.smtptrace.analyzer.lint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.smtptrace.analyzer.lint.ConfigDocument.Kind;

/**
 * The mail settings one application would run with: one file, or for Spring Boot the profile-less documents with one
 * profile's documents over them (later settings win, as in Spring). Answers in JavaMail's terms (mail.smtp.auth, the
 * effective protocol, port and user) whatever the file layout, and names keys back in the file's own layout.
 */
public final class MailConfig {
    public static final String SPRING_PROPS = "spring.mail.properties.";

    private final Kind kind;
    private final String profile;
    private final List<Setting> settings;
    private final Map<String, Setting> javamail = new LinkedHashMap<>();
    private final Map<String, Setting> spring = new LinkedHashMap<>();

    public MailConfig(Kind kind, String profile, List<Setting> settings) {
        this.kind = kind;
        this.profile = profile;
        this.settings = List.copyOf(settings);
        for (Setting s : settings) {
            String k = normalKey(s.key());
            if (kind == Kind.SPRING) {
                if (k.startsWith(SPRING_PROPS)) {
                    String rest = k.substring(SPRING_PROPS.length());
                    if (rest.startsWith("mail.")) javamail.put(rest, s);
                } else if (k.startsWith("spring.mail.")) {
                    spring.put(springField(k), s);
                }
            } else if (k.startsWith("mail.")) {
                javamail.put(k, s);
            }
        }
    }

    /** spring.mail.properties[mail.smtp.auth] (the bracket form Spring accepts for map keys) as dotted. */
    public static String normalKey(String key) {
        return key.replaceAll("\\[([^\\]]*)\\]", ".$1").replace("..", ".");
    }

    /** spring.mail.default-encoding / defaultEncoding / default_encoding all bind to the same field. */
    public static String springField(String normalKey) {
        String rest = normalKey.substring("spring.mail.".length());
        return rest.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    public Kind kind() {
        return kind;
    }

    public String profile() {
        return profile;
    }

    public List<Setting> settings() {
        return settings;
    }

    /** A JavaMail property as JavaMail would see it (mail.smtp.auth), or null. */
    public Setting javamail(String key) {
        return javamail.get(key);
    }

    public Map<String, Setting> javamailProperties() {
        return javamail;
    }

    /** A spring.mail field (host, port, username, password, protocol, ...; relaxed spelling), or null. */
    public Setting spring(String field) {
        return spring.get(field.toLowerCase(Locale.ROOT).replace("-", ""));
    }

    public Setting protocolSetting() {
        return kind == Kind.SPRING ? spring("protocol") : javamail("mail.transport.protocol");
    }

    /** The transport protocol, which decides the prefix JavaMail reads: smtp (default) or smtps. */
    public String protocol() {
        Setting s = protocolSetting();
        return s == null || s.value().isBlank() ? "smtp" : s.value().strip().toLowerCase(Locale.ROOT);
    }

    /** mail.&lt;protocol&gt;.&lt;name&gt; as JavaMail reads it for the effective protocol. */
    public Setting prop(String name) {
        return javamail("mail." + protocol() + "." + name);
    }

    public boolean isTrue(String name) {
        Setting s = prop(name);
        return s != null && s.value().strip().equalsIgnoreCase("true");
    }

    public Setting portSetting() {
        Setting s = kind == Kind.SPRING ? spring("port") : null;
        return s != null ? s : prop("port");
    }

    /** The port the client connects to: set explicitly, or JavaMail's default for the protocol. */
    public int port() {
        Setting s = portSetting();
        if (s != null) {
            try {
                return Integer.parseInt(s.value().strip());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return protocol().equals("smtps") ? 465 : 25;
    }

    public Setting hostSetting() {
        Setting s = kind == Kind.SPRING ? spring("host") : null;
        if (s == null) s = prop("host");
        if (s == null) s = javamail("mail.host");
        return s;
    }

    public Setting userSetting() {
        Setting s = kind == Kind.SPRING ? spring("username") : null;
        if (s == null) s = prop("user");
        if (s == null) s = javamail("mail.user");
        return s;
    }

    /** Where a finding about something missing is reported: the host, else the first mail setting. */
    public Setting anchor() {
        Setting h = hostSetting();
        if (h != null) return h;
        for (Setting s : settings) if (isMailKey(s.key())) return s;
        return null;
    }

    public boolean hasMailSettings() {
        return anchor() != null;
    }

    private boolean isMailKey(String key) {
        String k = normalKey(key);
        return k.startsWith("spring.mail.") || k.startsWith("mail.");
    }

    /** The key to write for a JavaMail property in this file's layout. */
    public String keyFor(String javamailKey) {
        return switch (kind) {
            case SPRING -> SPRING_PROPS + javamailKey;
            case JVM_OPTIONS -> "-D" + javamailKey;
            case JAVAMAIL -> javamailKey;
        };
    }

    /** mail.&lt;protocol&gt;.&lt;name&gt; in this file's layout. */
    public String keyForProp(String name) {
        return keyFor("mail." + protocol() + "." + name);
    }

    /** The user-name key of this layout. */
    public String userKey() {
        return kind == Kind.SPRING ? "spring.mail.username" : keyForProp("user");
    }

    /** The settings of one view, merged: later wins per key, order of first appearance kept. */
    static List<Setting> merge(List<ConfigDocument> docs) {
        Map<String, Setting> m = new LinkedHashMap<>();
        for (ConfigDocument d : docs) for (Setting s : d.settings()) m.put(normalKey(s.key()), s);
        return new ArrayList<>(m.values());
    }
}
