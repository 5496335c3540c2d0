package io.smtptrace.analyzer.probe;

import java.util.LinkedHashMap;
import java.util.Map;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.probe.ProbeReport.Config;
import io.smtptrace.analyzer.probe.ProbeReport.Note;

/**
 * Writes a working configuration three ways: JavaMail session properties, Spring Boot application.properties and
 * application.yml. The password is never written, only where it comes from (Spring: ${SMTP_PASSWORD}, resolved from
 * the environment). What {@code lint} reads back from each of them is the same configuration, with no finding.
 */
public final class ConfigWriter {
    private final Messages msg;

    public ConfigWriter(Messages msg) {
        this.msg = msg;
    }

    public String javamail(Config c) {
        StringBuilder b = new StringBuilder();
        comments(b, c, "# ");
        for (var e : c.javamail().entrySet()) b.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        return b.toString();
    }

    /** spring.mail.* for host, port and credentials; every other JavaMail key under spring.mail.properties. */
    public Map<String, String> springMap(Config c) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("spring.mail.host", c.javamail().get("mail.smtp.host"));
        m.put("spring.mail.port", c.javamail().get("mail.smtp.port"));
        if (c.javamail().containsKey("mail.smtp.user")) {
            m.put("spring.mail.username", c.userKnown() ? c.user() : "${SMTP_USER}");
            m.put("spring.mail.password", "${SMTP_PASSWORD}");
        }
        for (var e : c.javamail().entrySet()) {
            String k = e.getKey();
            if (k.equals("mail.smtp.host") || k.equals("mail.smtp.port") || k.equals("mail.smtp.user") || k.equals("mail.transport.protocol")) continue;
            m.put("spring.mail.properties." + k, e.getValue());
        }
        return m;
    }

    public String springProperties(Config c) {
        StringBuilder b = new StringBuilder();
        comments(b, c, "# ");
        for (var e : springMap(c).entrySet()) b.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        return b.toString();
    }

    public String springYaml(Config c) {
        StringBuilder b = new StringBuilder();
        comments(b, c, "# ");
        Map<String, Object> tree = new LinkedHashMap<>();
        for (var e : springMap(c).entrySet()) put(tree, e.getKey().split("\\."), e.getValue());
        yaml(b, tree, 0);
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> tree, String[] path, String value) {
        Map<String, Object> node = tree;
        for (int i = 0; i < path.length - 1; i++) node = (Map<String, Object>) node.computeIfAbsent(path[i], k -> new LinkedHashMap<>());
        node.put(path[path.length - 1], value);
    }

    @SuppressWarnings("unchecked")
    private static void yaml(StringBuilder b, Map<String, Object> node, int depth) {
        for (var e : node.entrySet()) {
            b.append("  ".repeat(depth)).append(e.getKey()).append(':');
            if (e.getValue() instanceof Map<?, ?> child) {
                b.append('\n');
                yaml(b, (Map<String, Object>) child, depth + 1);
            } else {
                b.append(' ').append(scalar((String) e.getValue())).append('\n');
            }
        }
    }

    /** Numbers and booleans bare, everything else double-quoted (a "${...}" or "<user>" must stay a string). */
    static String scalar(String v) {
        if (v.matches("true|false|[0-9]+")) return v;
        return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private void comments(StringBuilder b, Config c, String prefix) {
        for (Note n : c.comments()) b.append(prefix).append(msg.get(n.key(), n.args())).append('\n');
        if (!c.jvmOptions().isEmpty()) b.append(prefix).append("JVM: ").append(String.join(" ", c.jvmOptions())).append('\n');
    }
}
