package io.smtptrace.analyzer.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** What a recorded mail-sending application does; the same spec drives javax.mail and Jakarta/Angus Mail. */
public final class ClientSpec {
    public String host = "localhost";
    public int port;
    public final Properties props = new Properties();
    public String user;
    public String password;
    public String from = "app@example.com";
    public List<String> to = new ArrayList<>(List.of("alice@example.com"));
    public int bodyBytes = 200;
    public boolean failingBody;
    /** a raw command sent after connect, before sending (e.g. a typo'd command) */
    public String extraCommand;
    /** number of attempts; each attempt opens its own connection (Transport.send style) */
    public int attempts = 1;

    public ClientSpec prop(String k, Object v) {
        props.setProperty(k, String.valueOf(v));
        return this;
    }
}
