package io.smtptrace.testsupport;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A mail client run in a forked JVM with one real mail library on its class path (see {@link MailLibrary},
 * {@link ForkedJvm}), possibly under {@code -javaagent}. Uses reflection only, so the same class works with
 * javax.mail 1.4.7 ... Angus Mail 2.x, Spring's JavaMailSenderImpl and Commons Email.
 *
 * <p>Usage: {@code java -cp <mail jars>:<test-support> io.smtptrace.testsupport.MailClientApp scenario.properties}.
 * Scenario keys (see {@link Scenario}):
 * <pre>
 * host, port                 server (default 127.0.0.1, 25)
 * protocol                   smtp | smtps (default smtp)
 * prop.&lt;mail.* key&gt;=value    passed to the Session, e.g. prop.mail.smtp.starttls.enable=true
 * user, password             transport.connect(host, port, user, password) when present
 * connections                number of connections (default 1), one after the other
 * messages                   messages per connection (default 1), all over ONE transport
 * check=true                 transport.isConnected() (NOOP) before every message but the first of a connection
 * from, to                   sender, comma separated recipients
 * subject                    default "smtp-trace test"
 * bodyBytes                  approximate body size (default 200)
 * bodyKind                   text | dots | bare-lf | long-line | nonascii | nul
 * failingAttachmentAfter=N   multipart with an attachment whose stream throws IOException after N bytes
 * useStaticSend=true         Transport.send(message[, user, password]) instead of connect/sendMessage/close
 * debugFile=path             session.setDebug(true), debug output to that file
 * client                     javamail (default) | spring | commons-email
 * delayBetweenMessagesMs     sleep between messages
 * close=false                never call transport.close() (an application that leaves connections to the GC)
 * messageGate=path           before message m (m &gt; 1) of a connection, print "RESULT waiting m" and wait until
 *                            the file path.m exists (tests that act between two messages)
 * </pre>
 * Output, one line per outcome, on stdout (other lines, e.g. from an agent, never start with "RESULT "):
 * <pre>
 * RESULT api jakarta|javax
 * RESULT connect ok | RESULT connect error &lt;description&gt;
 * RESULT check &lt;n&gt; true|false                  (check=true; n = the message about to be sent)
 * RESULT send &lt;n&gt; ok | RESULT send &lt;n&gt; error &lt;description&gt;   (n counts over all connections, from 1)
 * RESULT close ok | RESULT close error &lt;description&gt;
 * RESULT done
 * </pre>
 * where description = {@code <exception class>: <message>[ [returnCode=NNN]]} followed by
 * {@code ; caused by <class>: <message>[ [returnCode=NNN]]} for every nested exception (getNextException, else
 * getCause); line breaks in messages become a single space. Exit code 0 unless the scenario cannot be read (2).
 */
public final class MailClientApp {

    private final Properties scenario;
    private final PrintStream out;
    private String api;            // "jakarta.mail" or "javax.mail"
    private String activationPkg;  // "jakarta.activation" or "javax.activation"
    private ClassLoader loader;
    private Object session;
    private PrintStream debugStream;

    MailClientApp(Properties scenario, PrintStream out) {
        this.scenario = scenario;
        this.out = out;
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.out.println("RESULT scenario error usage: MailClientApp <scenario.properties>");
            System.exit(2);
            return;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | RuntimeException e) {
            System.out.println("RESULT scenario error " + describe(e));
            System.exit(2);
            return;
        }
        MailClientApp app = new MailClientApp(p, System.out);
        try {
            app.run();
        } catch (Throwable t) {
            app.result("fatal error " + describe(t));
        } finally {
            app.result("done");
            System.out.flush();
            if (app.debugStream != null) {
                app.debugStream.close();
            }
        }
    }

    void run() throws Throwable {
        loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = MailClientApp.class.getClassLoader();
        }
        if (exists("jakarta.mail.Session")) {
            api = "jakarta.mail";
            activationPkg = "jakarta.activation";
        } else if (exists("javax.mail.Session")) {
            api = "javax.mail";
            activationPkg = "javax.activation";
        } else {
            result("api none");
            return;
        }
        result("api " + (api.startsWith("jakarta") ? "jakarta" : "javax"));
        String client = get("client", "javamail");
        switch (client) {
            case "javamail" -> runJavaMail();
            case "spring" -> runSpring();
            case "commons-email" -> runCommonsEmail();
            default -> result("fatal error unknown client " + client);
        }
    }

    // ----------------------------------------------------------------------------------------- plain JavaMail

    private void runJavaMail() throws Throwable {
        session = createSession();
        int connections = intValue("connections", 1);
        int messages = intValue("messages", 1);
        String protocol = get("protocol", "smtp");
        int n = 0;
        for (int c = 0; c < connections; c++) {
            if (bool("useStaticSend")) {
                for (int m = 0; m < messages; m++) {
                    n++;
                    if (m > 0) {
                        delay();
                    }
                    staticSend(n);
                }
                continue;
            }
            Object transport = call(session, "getTransport", new Class<?>[] {String.class}, protocol);
            try {
                call(transport, "connect", new Class<?>[] {String.class, int.class, String.class, String.class},
                        get("host", SmtpTestServer.HOST), intValue("port", 25),
                        scenario.getProperty("user"), scenario.getProperty("password"));
                result("connect ok");
            } catch (Throwable t) {
                result("connect error " + describe(t));
                n += messages;
                continue;
            }
            for (int m = 0; m < messages; m++) {
                n++;
                if (m > 0) {
                    delay();
                    awaitGate(m + 1);
                    if (bool("check")) {
                        try {
                            result("check " + n + " " + call(transport, "isConnected", new Class<?>[0]));
                        } catch (Throwable t) {
                            result("check " + n + " error " + describe(t));
                        }
                    }
                }
                try {
                    Object msg = createMessage(session, n);
                    call(msg, "saveChanges", new Class<?>[0]);
                    Object recipients = call(msg, "getAllRecipients", new Class<?>[0]);
                    Class<?> messageClass = cls(api + ".Message");
                    Class<?> addressArray = Array.newInstance(cls(api + ".Address"), 0).getClass();
                    Method send = transport.getClass().getMethod("sendMessage", messageClass, addressArray);
                    invoke(send, transport, msg, recipients);
                    result("send " + n + " ok");
                } catch (Throwable t) {
                    result("send " + n + " error " + describe(t));
                }
            }
            if (!bool("close", true)) {
                continue;
            }
            try {
                call(transport, "close", new Class<?>[0]);
                result("close ok");
            } catch (Throwable t) {
                result("close error " + describe(t));
            }
        }
    }

    private void staticSend(int n) {
        try {
            Object msg = createMessage(session, n);
            Class<?> transportClass = cls(api + ".Transport");
            Class<?> messageClass = cls(api + ".Message");
            String user = scenario.getProperty("user");
            if (user != null) {
                Method m;
                try {
                    m = transportClass.getMethod("send", messageClass, String.class, String.class);
                } catch (NoSuchMethodException e) {
                    result("send " + n + " error unsupported: Transport.send(Message, user, password) needs javax.mail 1.5+");
                    return;
                }
                invoke(m, null, msg, user, scenario.getProperty("password"));
            } else {
                invoke(transportClass.getMethod("send", messageClass), null, msg);
            }
            result("send " + n + " ok");
        } catch (Throwable t) {
            result("send " + n + " error " + describe(t));
        }
    }

    private Object createSession() throws Throwable {
        Properties props = sessionProperties();
        Class<?> sessionClass = cls(api + ".Session");
        Object s = sessionClass.getMethod("getInstance", Properties.class).invoke(null, props);
        configureDebug(s);
        return s;
    }

    private Properties sessionProperties() {
        Properties props = new Properties();
        String protocol = get("protocol", "smtp");
        props.setProperty("mail.transport.protocol", protocol);
        // Transport.send picks the transport by address type, not by mail.transport.protocol
        props.setProperty("mail.transport.protocol.rfc822", protocol);
        props.setProperty("mail." + protocol + ".host", get("host", SmtpTestServer.HOST));
        props.setProperty("mail." + protocol + ".port", get("port", "25"));
        if (scenario.getProperty("user") != null) {
            props.setProperty("mail." + protocol + ".user", scenario.getProperty("user"));
        }
        for (String k : scenario.stringPropertyNames()) {
            if (k.startsWith("prop.")) {
                props.setProperty(k.substring(5), scenario.getProperty(k));
            }
        }
        return props;
    }

    private void configureDebug(Object s) throws Throwable {
        String debugFile = scenario.getProperty("debugFile");
        if (debugFile != null) {
            if (debugStream == null) {
                debugStream = new PrintStream(new FileOutputStream(debugFile, true), true, "UTF-8");
            }
            s.getClass().getMethod("setDebugOut", PrintStream.class).invoke(s, debugStream);
            s.getClass().getMethod("setDebug", boolean.class).invoke(s, true);
        }
    }

    // ----------------------------------------------------------------------------------------- message

    private Object createMessage(Object sess, int n) throws Throwable {
        Class<?> sessionClass = cls(api + ".Session");
        Object msg = cls(api + ".internet.MimeMessage").getConstructor(sessionClass).newInstance(sess);
        fillMessage(msg, n);
        return msg;
    }

    private void fillMessage(Object msg, int n) throws Throwable {
        Class<?> ia = cls(api + ".internet.InternetAddress");
        Class<?> addressClass = cls(api + ".Address");
        Object from = ia.getConstructor(String.class).newInstance(get("from", "sender@example.com"));
        call(msg, "setFrom", new Class<?>[] {addressClass}, from);
        Object to = ia.getMethod("parse", String.class).invoke(null, get("to", "rcpt@example.com"));
        Class<?> rtClass = cls(api + ".Message$RecipientType");
        Object toType = rtClass.getField("TO").get(null);
        Class<?> addressArray = Array.newInstance(addressClass, 0).getClass();
        msg.getClass().getMethod("setRecipients", rtClass, addressArray).invoke(msg, toType, to);
        String subject = get("subject", "smtp-trace test");
        call(msg, "setSubject", new Class<?>[] {String.class, String.class},
                intValue("messages", 1) * intValue("connections", 1) > 1 ? subject + " " + n : subject, "UTF-8");
        String kind = get("bodyKind", "text");
        String body = body(kind, intValue("bodyBytes", 200));
        String charset = kind.equals("nonascii") ? "UTF-8" : "us-ascii";
        String after = scenario.getProperty("failingAttachmentAfter");
        if (after == null) {
            call(msg, "setText", new Class<?>[] {String.class, String.class}, body, charset);
            if (kind.equals("nonascii")) {
                call(msg, "setHeader", new Class<?>[] {String.class, String.class}, "Content-Transfer-Encoding", "8bit");
            }
            return;
        }
        Class<?> bodyPartClass = cls(api + ".internet.MimeBodyPart");
        Object text = bodyPartClass.getConstructor().newInstance();
        call(text, "setText", new Class<?>[] {String.class, String.class}, body, charset);
        Object attachment = bodyPartClass.getConstructor().newInstance();
        Class<?> dsClass = cls(activationPkg + ".DataSource");
        Object ds = failingDataSource(dsClass, Integer.parseInt(after.trim()));
        Class<?> dhClass = cls(activationPkg + ".DataHandler");
        Object dh = dhClass.getConstructor(dsClass).newInstance(ds);
        call(attachment, "setDataHandler", new Class<?>[] {dhClass}, dh);
        call(attachment, "setFileName", new Class<?>[] {String.class}, "data.bin");
        call(attachment, "setHeader", new Class<?>[] {String.class, String.class}, "Content-Transfer-Encoding", "base64");
        Object mp = cls(api + ".internet.MimeMultipart").getConstructor().newInstance();
        Class<?> bp = cls(api + ".BodyPart");
        call(mp, "addBodyPart", new Class<?>[] {bp}, text);
        call(mp, "addBodyPart", new Class<?>[] {bp}, attachment);
        call(msg, "setContent", new Class<?>[] {cls(api + ".Multipart")}, mp);
    }

    private Object failingDataSource(Class<?> dsClass, int failAfter) {
        return Proxy.newProxyInstance(dsClass.getClassLoader(), new Class<?>[] {dsClass}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "getInputStream":
                    return new FailingInputStream(failAfter);
                case "getOutputStream":
                    throw new IOException("read-only data source");
                case "getContentType":
                    return "application/octet-stream";
                case "getName":
                    return "data.bin";
                case "toString":
                    return "FailingDataSource(" + failAfter + ")";
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    throw new UnsupportedOperationException(method.getName());
            }
        });
    }

    /** Bytes 'A'..'Z' repeated, then IOException("attachment source failed"). */
    static final class FailingInputStream extends InputStream {
        private final int failAfter;
        private int pos;

        FailingInputStream(int failAfter) {
            this.failAfter = failAfter;
        }

        @Override
        public int read() throws IOException {
            if (pos >= failAfter) {
                throw new IOException("attachment source failed");
            }
            return 'A' + (pos++ % 26);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pos >= failAfter) {
                throw new IOException("attachment source failed");
            }
            int k = Math.min(len, failAfter - pos);
            for (int i = 0; i < k; i++) {
                b[off + i] = (byte) ('A' + (pos++ % 26));
            }
            return k;
        }
    }

    /** A deterministic body of about {@code size} characters. */
    static String body(String kind, int size) {
        StringBuilder sb = new StringBuilder();
        int line = 0;
        switch (kind) {
            case "long-line" -> {
                while (sb.length() < Math.max(size, 2000)) {
                    sb.append("long-line-").append(line++).append(' ');
                    if (sb.length() >= 2000 && sb.length() - sb.lastIndexOf("\n") > 2000) {
                        sb.setLength(sb.lastIndexOf("\n") + 1 + 2000);
                        sb.append("\r\n");
                    }
                }
                if (!sb.toString().endsWith("\r\n")) {
                    sb.append("\r\n");
                }
            }
            case "dots" -> {
                while (sb.length() < size) {
                    sb.append(line % 3 == 0 ? "." : line % 3 == 1 ? ".. two dots, line " : ".leading dot, line ")
                            .append(line % 3 == 0 ? "" : String.valueOf(line)).append("\r\n");
                    line++;
                }
            }
            case "bare-lf" -> {
                while (sb.length() < size) {
                    sb.append("bare LF line ").append(line++).append('\n');
                }
            }
            case "nonascii" -> {
                while (sb.length() < size) {
                    sb.append("Grüße aus Köln, ça va? 日本語 €").append(line++).append("\r\n");
                }
            }
            case "nul" -> {
                while (sb.length() < size) {
                    sb.append("nul\0byte line ").append(line++).append("\r\n");
                }
            }
            default -> {
                while (sb.length() < size) {
                    String l = "Line " + line++ + " of the smtp-trace test message body, plain ASCII text.";
                    sb.append(l, 0, Math.min(l.length(), Math.max(1, size - sb.length()))).append("\r\n");
                }
            }
        }
        return sb.toString();
    }

    // ----------------------------------------------------------------------------------------- Spring

    private void runSpring() throws Throwable {
        Class<?> senderClass = Class.forName("org.springframework.mail.javamail.JavaMailSenderImpl", true, loader);
        int connections = intValue("connections", 1);
        int messages = intValue("messages", 1);
        int n = 0;
        for (int c = 0; c < connections; c++) {
            Object sender = senderClass.getConstructor().newInstance();
            call(sender, "setHost", new Class<?>[] {String.class}, get("host", SmtpTestServer.HOST));
            call(sender, "setPort", new Class<?>[] {int.class}, intValue("port", 25));
            call(sender, "setProtocol", new Class<?>[] {String.class}, get("protocol", "smtp"));
            if (scenario.getProperty("user") != null) {
                call(sender, "setUsername", new Class<?>[] {String.class}, scenario.getProperty("user"));
                call(sender, "setPassword", new Class<?>[] {String.class}, scenario.getProperty("password"));
            }
            call(sender, "setJavaMailProperties", new Class<?>[] {Properties.class}, sessionProperties());
            configureDebug(call(sender, "getSession", new Class<?>[0]));
            Class<?> mimeMessageClass = cls(api + ".internet.MimeMessage");
            Object array = Array.newInstance(mimeMessageClass, messages);
            for (int m = 0; m < messages; m++) {
                Object msg = call(sender, "createMimeMessage", new Class<?>[0]);
                fillMessage(msg, n + m + 1);
                Array.set(array, m, msg);
            }
            try {
                call(sender, "send", new Class<?>[] {array.getClass()}, array);
                for (int m = 0; m < messages; m++) {
                    result("send " + (n + m + 1) + " ok");
                }
            } catch (Throwable t) {
                Throwable e = unwrap(t);
                Map<?, ?> failed = null;
                try {
                    failed = (Map<?, ?>) e.getClass().getMethod("getFailedMessages").invoke(e);
                } catch (ReflectiveOperationException | ClassCastException ignored) {
                    // not a MailSendException
                }
                for (int m = 0; m < messages; m++) {
                    Object msg = Array.get(array, m);
                    Object failure = failed == null || failed.isEmpty() ? e : failed.get(msg);
                    result("send " + (n + m + 1) + (failure == null ? " ok" : " error " + describe((Throwable) failure)));
                }
            }
            n += messages;
        }
    }

    // ----------------------------------------------------------------------------------------- Commons Email

    private void runCommonsEmail() throws Throwable {
        Class<?> emailClass = Class.forName("org.apache.commons.mail.SimpleEmail", true, loader);
        int total = intValue("connections", 1) * intValue("messages", 1);
        for (int n = 1; n <= total; n++) {
            if (n > 1) {
                delay();
            }
            try {
                Object email = emailClass.getConstructor().newInstance();
                call(email, "setHostName", new Class<?>[] {String.class}, get("host", SmtpTestServer.HOST));
                boolean smtps = get("protocol", "smtp").equals("smtps");
                if (smtps) {
                    call(email, "setSSLOnConnect", new Class<?>[] {boolean.class}, true);
                    call(email, "setSslSmtpPort", new Class<?>[] {String.class}, get("port", "465"));
                } else {
                    call(email, "setSmtpPort", new Class<?>[] {int.class}, intValue("port", 25));
                }
                if (Boolean.parseBoolean(scenario.getProperty("prop.mail.smtp.starttls.enable"))) {
                    call(email, "setStartTLSEnabled", new Class<?>[] {boolean.class}, true);
                }
                if (Boolean.parseBoolean(scenario.getProperty("prop.mail.smtp.starttls.required"))) {
                    call(email, "setStartTLSRequired", new Class<?>[] {boolean.class}, true);
                }
                if (scenario.getProperty("user") != null) {
                    call(email, "setAuthentication", new Class<?>[] {String.class, String.class},
                            scenario.getProperty("user"), scenario.getProperty("password"));
                }
                call(email, "setFrom", new Class<?>[] {String.class}, get("from", "sender@example.com"));
                for (String to : get("to", "rcpt@example.com").split(",")) {
                    call(email, "addTo", new Class<?>[] {String.class}, to.trim());
                }
                String subject = get("subject", "smtp-trace test");
                call(email, "setSubject", new Class<?>[] {String.class}, total > 1 ? subject + " " + n : subject);
                call(email, "setMsg", new Class<?>[] {String.class},
                        body(get("bodyKind", "text"), intValue("bodyBytes", 200)));
                Object sess = call(email, "getMailSession", new Class<?>[0]);
                Properties live = (Properties) call(sess, "getProperties", new Class<?>[0]);
                for (String k : scenario.stringPropertyNames()) {
                    if (k.startsWith("prop.")) {
                        live.setProperty(k.substring(5), scenario.getProperty(k));
                    }
                }
                configureDebug(sess);
                call(email, "send", new Class<?>[0]);
                result("send " + n + " ok");
            } catch (Throwable t) {
                result("send " + n + " error " + describe(t));
            }
        }
    }

    // ----------------------------------------------------------------------------------------- helpers

    private void result(String text) {
        out.println("RESULT " + text);
        out.flush();
    }

    private void awaitGate(int message) throws InterruptedException {
        String gate = scenario.getProperty("messageGate");
        if (gate == null) {
            return;
        }
        result("waiting " + message);
        Path g = Path.of(gate + "." + message);
        long until = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(g) && System.nanoTime() < until) {
            Thread.sleep(20);
        }
    }

    private void delay() throws InterruptedException {
        long ms = Long.parseLong(get("delayBetweenMessagesMs", "0").trim());
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    private boolean exists(String name) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private Class<?> cls(String name) throws ClassNotFoundException {
        return Class.forName(name, true, loader);
    }

    private String get(String key, String def) {
        String v = scenario.getProperty(key);
        return v == null || v.isBlank() ? def : v.trim();
    }

    private int intValue(String key, int def) {
        return Integer.parseInt(get(key, String.valueOf(def)));
    }

    private boolean bool(String key) {
        return Boolean.parseBoolean(get(key, "false"));
    }

    private boolean bool(String key, boolean dflt) {
        return Boolean.parseBoolean(get(key, Boolean.toString(dflt)));
    }

    /** Calls a public method found by name and parameter types on the object's class (or its supertypes). */
    private static Object call(Object target, String name, Class<?>[] types, Object... args) throws Throwable {
        Method m = findMethod(target.getClass(), name, types);
        return invoke(m, target, args);
    }

    private static Method findMethod(Class<?> c, String name, Class<?>[] types) throws NoSuchMethodException {
        try {
            return c.getMethod(name, types);
        } catch (NoSuchMethodException e) {
            // e.g. a parameter declared as a supertype (Message vs MimeMessage)
            for (Method m : c.getMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == types.length) {
                    boolean ok = true;
                    Class<?>[] p = m.getParameterTypes();
                    for (int i = 0; i < p.length && ok; i++) {
                        ok = p[i].isAssignableFrom(types[i]);
                    }
                    if (ok) {
                        return m;
                    }
                }
            }
            throw e;
        }
    }

    private static Object invoke(Method m, Object target, Object... args) throws Throwable {
        try {
            if (!m.canAccess(target)) {
                m.setAccessible(true);
            }
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof InvocationTargetException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** {@code Class: message [returnCode=N]; caused by Class: message ...} (at most 6 levels). */
    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        List<Throwable> seen = new ArrayList<>();
        Throwable cur = unwrap(t);
        while (cur != null && seen.size() < 6 && !containsIdentity(seen, cur)) {
            if (!seen.isEmpty()) {
                sb.append("; caused by ");
            }
            seen.add(cur);
            sb.append(cur.getClass().getName());
            String msg = cur.getMessage();
            if (msg != null) {
                sb.append(": ").append(msg.strip().replaceAll("\\s*[\r\n]+\\s*", " "));
            }
            Integer rc = returnCode(cur);
            if (rc != null) {
                sb.append(" [returnCode=").append(rc).append(']');
            }
            cur = next(cur);
        }
        return sb.toString();
    }

    private static Throwable next(Throwable t) {
        try {
            Method m = t.getClass().getMethod("getNextException");
            Object n = m.invoke(t);
            if (n instanceof Throwable nt) {
                return nt;
            }
        } catch (ReflectiveOperationException | RuntimeException ignored) {
            // not a MessagingException
        }
        return t.getCause();
    }

    private static Integer returnCode(Throwable t) {
        try {
            Method m = t.getClass().getMethod("getReturnCode");
            Object v = m.invoke(t);
            return v instanceof Integer i ? i : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static boolean containsIdentity(List<Throwable> list, Throwable t) {
        for (Throwable x : list) {
            if (x == t) {
                return true;
            }
        }
        return false;
    }
}
