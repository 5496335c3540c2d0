package io.smtptrace.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * In-process SMTP server for tests, bound to 127.0.0.1 on an ephemeral port (unless {@link Builder#port(int)}).
 *
 * <pre>{@code
 * try (SmtpTestServer server = SmtpTestServer.builder().requireAuth("user", "secret").offerStartTls().start()) {
 *     ... connect a client to server.host():server.port() ...
 *     assertThat(server.received()).hasSize(1);
 * }
 * }</pre>
 *
 * <p>A small, dependency-free ESMTP implementation (thread per connection) rather than SubEthaSMTP: every reply
 * text below is exact and stable, the failure modes (abrupt drop mid-body, greylisting, slow replies, STARTTLS
 * enforcement for every command) need control SubEthaSMTP does not give, and SubEthaSMTP would put
 * jakarta.mail/angus-mail on the class path of every consumer, which the agent tests must choose themselves.
 *
 * <p>Replies (all with enhanced status codes):
 * <pre>
 * greeting        220 localhost ESMTP smtp-trace test server
 * EHLO            250-localhost / 250-8BITMIME / 250-ENHANCEDSTATUSCODES / [250-SIZE n] / [250-CHUNKING] /
 *                 [250-STARTTLS] / [250-AUTH PLAIN LOGIN XOAUTH2] / 250 HELP
 * not TLS yet     530 5.7.0 Must issue a STARTTLS command first      (requireStartTls, all but EHLO HELO NOOP QUIT STARTTLS)
 * no AUTH yet     530 5.7.0 Authentication required                   (requireAuth, on MAIL)
 * bad credentials 535 5.7.8 Authentication credentials invalid
 * AUTH ok         235 2.7.0 Authentication successful
 * MAIL / RCPT ok  250 2.1.0 Ok / 250 2.1.5 Ok
 * relay denied    554 5.7.1 Relay access denied
 * DATA            354 End data with &lt;CR&gt;&lt;LF&gt;.&lt;CR&gt;&lt;LF&gt;
 * too large       552 5.3.4 Message size exceeds fixed limit          (after the end of data, or on MAIL SIZE=)
 * accepted        250 2.0.0 Ok: queued as N
 * RSET / NOOP     250 2.0.0 Ok
 * QUIT            221 2.0.0 Bye
 * </pre>
 */
public final class SmtpTestServer implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    public static final String SERVER_NAME = "localhost";

    private final Builder config;
    private final ServerSocket serverSocket;
    private final ExecutorService executor;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger rcptAttempts = new AtomicInteger();
    private final AtomicInteger messageIds = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong acceptedCount = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    private SmtpTestServer(Builder config) throws IOException {
        this.config = config;
        InetAddress loopback = InetAddress.getByName(HOST);
        if (config.implicitTls) {
            SSLServerSocket s = (SSLServerSocket) TestTls.serverContext().getServerSocketFactory().createServerSocket();
            s.setUseClientMode(false);
            serverSocket = s;
        } else {
            serverSocket = new ServerSocket();
        }
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(loopback, config.port), 50);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "smtp-test-server-" + serverSocket.getLocalPort());
            t.setDaemon(true);
            return t;
        });
        executor.execute(this::acceptLoop);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A server with default settings (no auth, no TLS, accepts everything). */
    public static SmtpTestServer start() {
        return builder().start();
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Messages accepted so far (thread-safe snapshot, in order of acceptance). */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits until at least {@code count} messages were accepted; returns the snapshot (possibly shorter on timeout). */
    public List<Received> awaitReceived(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return received();
    }

    /**
     * Every command line the server read, in order over all connections (AUTH continuation lines included, as
     * sent; message data excluded). Lines from different concurrent connections interleave.
     */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /** Number of messages accepted (250 after the data) so far, also with {@code recordMessages(false)}. */
    public long acceptedMessages() {
        return acceptedCount.get();
    }

    /** Number of accepted TCP connections so far. */
    public int connectionCount() {
        return connections.get();
    }

    /** Number of RCPT commands seen so far (including refused ones). */
    public int rcptAttempts() {
        return rcptAttempts.get();
    }

    public void clear() {
        received.clear();
        commands.clear();
    }

    /** See {@link TestTls#clientTrustStore()}. */
    public Path clientTrustStore() {
        return TestTls.clientTrustStore();
    }

    /** Password of {@link #clientTrustStore()}. */
    public String clientTrustStorePassword() {
        return TestTls.PASSWORD;
    }

    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : openSockets) {
            closeQuietly(s);
        }
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "SmtpTestServer[" + HOST + ":" + port() + "]";
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            int id = connections.incrementAndGet();
            openSockets.add(socket);
            try {
                executor.execute(() -> {
                    try {
                        new Connection(socket, id).run();
                    } finally {
                        openSockets.remove(socket);
                        closeQuietly(socket);
                    }
                });
            } catch (RuntimeException rejected) {
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing
        }
    }

    /** One SMTP session. */
    private final class Connection {
        private final int id;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private boolean tls;
        private boolean greeted;
        private String authUser;
        private String sender;
        private final List<String> recipients = new ArrayList<>();

        Connection(Socket socket, int id) {
            this.socket = socket;
            this.id = id;
            this.tls = config.implicitTls;
        }

        void run() {
            try {
                socket.setSoTimeout((int) config.idleTimeout.toMillis());
                streams();
                if (config.greetingCode != 220) {
                    reply(config.greetingCode + " " + config.greetingText);
                    return;
                }
                reply("220 " + SERVER_NAME + " ESMTP smtp-trace test server");
                String line;
                while ((line = readLine()) != null) {
                    commands.add(line);
                    if (!handle(line)) {
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // client went away, TLS failure, drop, ... : just end the session
            }
        }

        private void streams() throws IOException {
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        /** @return false to close the connection */
        private boolean handle(String line) throws IOException {
            String verb = line;
            String arg = "";
            int sp = line.indexOf(' ');
            if (sp >= 0) {
                verb = line.substring(0, sp);
                arg = line.substring(sp + 1).trim();
            }
            verb = verb.toUpperCase(Locale.ROOT);
            if (config.requireStartTls && !tls
                    && !Set.of("EHLO", "HELO", "NOOP", "QUIT", "STARTTLS").contains(verb)) {
                reply("530 5.7.0 Must issue a STARTTLS command first");
                return true;
            }
            switch (verb) {
                case "EHLO" -> ehlo(arg);
                case "HELO" -> {
                    if (arg.isEmpty()) {
                        reply("501 5.5.4 Syntax: HELO hostname");
                    } else {
                        greeted = true;
                        resetTransaction();
                        reply("250 " + SERVER_NAME);
                    }
                }
                case "STARTTLS" -> {
                    return startTls(arg);
                }
                case "AUTH" -> auth(arg);
                case "MAIL" -> mail(arg);
                case "RCPT" -> rcpt(arg);
                case "DATA" -> {
                    return data();
                }
                case "BDAT" -> {
                    return bdat(arg);
                }
                case "RSET" -> {
                    resetTransaction();
                    reply("250 2.0.0 Ok");
                }
                case "NOOP" -> reply("250 2.0.0 Ok");
                case "VRFY" -> reply("252 2.0.0 Cannot VRFY user, but will accept message and attempt delivery");
                case "HELP" -> reply("214 2.0.0 See RFC 5321");
                case "QUIT" -> {
                    reply("221 2.0.0 Bye");
                    return false;
                }
                default -> reply("500 5.5.2 Error: command not recognized");
            }
            return true;
        }

        private void ehlo(String arg) throws IOException {
            if (arg.isEmpty()) {
                reply("501 5.5.4 Syntax: EHLO hostname");
                return;
            }
            greeted = true;
            resetTransaction();
            List<String> ext = new ArrayList<>();
            ext.add(SERVER_NAME);
            ext.add("8BITMIME");
            ext.add("ENHANCEDSTATUSCODES");
            if (config.maxMessageSize > 0) {
                ext.add("SIZE " + config.maxMessageSize);
            }
            if (config.chunking) {
                ext.add("CHUNKING");
            }
            if (config.startTls && !tls) {
                ext.add("STARTTLS");
            }
            if (authOffered()) {
                ext.add("AUTH PLAIN LOGIN XOAUTH2");
            }
            ext.add("HELP");
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < ext.size(); i++) {
                if (i > 0) {
                    sb.append("\r\n");
                }
                sb.append("250").append(i == ext.size() - 1 ? ' ' : '-').append(ext.get(i));
            }
            reply(sb.toString());
        }

        private boolean authOffered() {
            return config.authUser != null && (tls || !config.requireStartTls);
        }

        private boolean startTls(String arg) throws IOException {
            if (!config.startTls) {
                reply("502 5.5.1 STARTTLS not supported");
                return true;
            }
            if (tls) {
                reply("503 5.5.1 TLS already active");
                return true;
            }
            if (!arg.isEmpty()) {
                reply("501 5.5.4 Syntax: STARTTLS");
                return true;
            }
            reply("220 2.0.0 Ready to start TLS");
            SSLSocket ssl = (SSLSocket) TestTls.serverContext().getSocketFactory()
                    .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
            ssl.setUseClientMode(false);
            openSockets.add(ssl);
            ssl.startHandshake();
            socket = ssl;
            streams();
            tls = true;
            greeted = false;
            authUser = null;
            resetTransaction();
            return true;
        }

        private void auth(String arg) throws IOException {
            if (!authOffered()) {
                reply("503 5.5.1 Error: authentication not enabled");
                return;
            }
            if (authUser != null) {
                reply("503 5.5.1 Error: already authenticated");
                return;
            }
            if (sender != null) {
                reply("503 5.5.1 Error: MAIL transaction in progress");
                return;
            }
            String[] parts = arg.split(" ", 2);
            String mech = parts[0].toUpperCase(Locale.ROOT);
            String initial = parts.length > 1 ? parts[1].trim() : null;
            String user;
            String secret;
            switch (mech) {
                case "PLAIN" -> {
                    String resp = initial != null ? initial : challenge("");
                    if (resp == null) {
                        return;
                    }
                    String[] f = decode(resp).split("\0", -1);
                    if (f.length != 3) {
                        reply("501 5.5.2 Invalid PLAIN response");
                        return;
                    }
                    user = f[1];
                    secret = f[2];
                    if (!config.authPassword.equals(secret)) {
                        secret = null;
                    }
                }
                case "LOGIN" -> {
                    String u = initial != null ? initial : challenge(b64("Username:"));
                    if (u == null) {
                        return;
                    }
                    String p = challenge(b64("Password:"));
                    if (p == null) {
                        return;
                    }
                    user = decode(u);
                    secret = decode(p);
                    if (!config.authPassword.equals(secret)) {
                        secret = null;
                    }
                }
                case "XOAUTH2" -> {
                    String resp = initial != null ? initial : challenge("");
                    if (resp == null) {
                        return;
                    }
                    user = null;
                    secret = null;
                    for (String kv : decode(resp).split("\u0001")) {
                        if (kv.startsWith("user=")) {
                            user = kv.substring(5);
                        } else if (kv.startsWith("auth=Bearer ")) {
                            secret = kv.substring(12);
                        }
                    }
                    if (!Objects.equals(config.xoauth2Token(), secret)) {
                        secret = null;
                    }
                }
                default -> {
                    reply("504 5.5.4 Unrecognized authentication type");
                    return;
                }
            }
            if (secret != null && config.authUser.equals(user)) {
                authUser = user;
                reply("235 2.7.0 Authentication successful");
            } else {
                reply("535 5.7.8 Authentication credentials invalid");
            }
        }

        /** Sends a 334 challenge and reads the answer; null (after replying) when the client cancelled. */
        private String challenge(String text) throws IOException {
            reply("334 " + text);
            String line = readLine();
            if (line == null) {
                throw new SocketException("EOF during AUTH");
            }
            commands.add(line);
            if (line.equals("*")) {
                reply("501 5.7.0 Authentication canceled");
                return null;
            }
            return line;
        }

        private void mail(String arg) throws IOException {
            if (!greeted) {
                reply("503 5.5.1 Error: send HELO/EHLO first");
                return;
            }
            if (config.authUser != null && config.requireAuth && authUser == null) {
                reply("530 5.7.0 Authentication required");
                return;
            }
            if (sender != null) {
                reply("503 5.5.1 Error: nested MAIL command");
                return;
            }
            if (!arg.toUpperCase(Locale.ROOT).startsWith("FROM:")) {
                reply("501 5.5.4 Syntax: MAIL FROM:<address>");
                return;
            }
            String rest = arg.substring(5).trim();
            String address = address(rest);
            if (address == null) {
                reply("501 5.1.7 Bad sender address syntax");
                return;
            }
            for (String param : rest.substring(rest.indexOf('>') + 1).trim().split("\\s+")) {
                if (param.toUpperCase(Locale.ROOT).startsWith("SIZE=") && config.maxMessageSize > 0) {
                    try {
                        if (Long.parseLong(param.substring(5)) > config.maxMessageSize) {
                            reply("552 5.3.4 Message size exceeds fixed limit");
                            return;
                        }
                    } catch (NumberFormatException e) {
                        reply("501 5.5.4 Bad SIZE parameter");
                        return;
                    }
                }
            }
            if (config.senderReply != null) {
                reply(config.senderReply);
                return;
            }
            sender = address;
            reply("250 2.1.0 Ok");
        }

        private void rcpt(String arg) throws IOException {
            if (sender == null) {
                reply("503 5.5.1 Error: need MAIL command");
                return;
            }
            if (!arg.toUpperCase(Locale.ROOT).startsWith("TO:")) {
                reply("501 5.5.4 Syntax: RCPT TO:<address>");
                return;
            }
            String address = address(arg.substring(3).trim());
            if (address == null || address.isEmpty()) {
                reply("501 5.1.3 Bad recipient address syntax");
                return;
            }
            int attempt = rcptAttempts.incrementAndGet();
            String lower = address.toLowerCase(Locale.ROOT);
            String domain = lower.substring(lower.indexOf('@') + 1);
            for (RecipientRule rule : config.refusedRecipients) {
                if (rule.matches(lower, domain)) {
                    reply(rule.code + " " + rule.text);
                    return;
                }
            }
            if (authUser == null && config.relayDeniedDomains.contains(domain)) {
                reply("554 5.7.1 Relay access denied");
                return;
            }
            if (attempt <= config.transientRcptFailures) {
                reply(config.transientCode + " " + config.transientText);
                return;
            }
            if (recipients.size() >= 1000) {
                reply("452 4.5.3 Error: too many recipients");
                return;
            }
            recipients.add(address);
            reply("250 2.1.5 Ok");
        }

        private boolean data() throws IOException {
            if (sender == null) {
                reply("503 5.5.1 Error: need MAIL command");
                return true;
            }
            if (recipients.isEmpty()) {
                reply("554 5.5.1 Error: no valid recipients");
                return true;
            }
            reply("354 End data with <CR><LF>.<CR><LF>");
            if (config.dropAfterDataBytes >= 0) {
                drop();
                return false;
            }
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                line.reset();
                int b;
                while ((b = in.read()) != -1) {
                    line.write(b);
                    if (b == '\n') {
                        break;
                    }
                }
                if (b == -1) {
                    throw new SocketException("EOF in DATA");
                }
                byte[] l = line.toByteArray();
                if ((l.length == 3 && l[0] == '.' && l[1] == '\r') || (l.length == 2 && l[0] == '.')) {
                    break;
                }
                int off = l[0] == '.' ? 1 : 0;
                message.write(l, off, l.length - off);
            }
            byte[] bytes = message.toByteArray();
            // the terminating CRLF before "." belongs to the message's last line, keep it as sent
            endOfMessage(bytes);
            return true;
        }

        private boolean bdat(String arg) throws IOException {
            if (!config.chunking) {
                reply("500 5.5.2 Error: command not recognized");
                return true;
            }
            String[] p = arg.split("\\s+");
            long size;
            try {
                size = Long.parseLong(p[0]);
            } catch (NumberFormatException e) {
                reply("501 5.5.4 Syntax: BDAT size [LAST]");
                return true;
            }
            boolean last = p.length > 1 && p[1].equalsIgnoreCase("LAST");
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length < size) {
                throw new SocketException("EOF in BDAT");
            }
            if (sender == null || recipients.isEmpty()) {
                reply(sender == null ? "503 5.5.1 Error: need MAIL command" : "554 5.5.1 Error: no valid recipients");
                return true;
            }
            bdatBuffer.write(chunk);
            if (!last) {
                reply("250 2.0.0 " + size + " octets received");
                return true;
            }
            byte[] bytes = bdatBuffer.toByteArray();
            bdatBuffer.reset();
            endOfMessage(bytes);
            return true;
        }

        private final ByteArrayOutputStream bdatBuffer = new ByteArrayOutputStream();

        private void endOfMessage(byte[] bytes) throws IOException {
            try {
                if (config.maxMessageSize > 0 && bytes.length > config.maxMessageSize) {
                    reply("552 5.3.4 Message size exceeds fixed limit");
                } else if (config.afterDataReply != null) {
                    reply(config.afterDataReply);
                } else {
                    acceptedCount.incrementAndGet();
                    if (config.recordMessages) {
                        received.add(new Received(sender, recipients, bytes, authUser, tls, id));
                    }
                    reply("250 2.0.0 Ok: queued as " + messageIds.incrementAndGet());
                }
            } finally {
                resetTransaction();
            }
        }

        /** Reads up to n body bytes (or up to the end of data, whichever comes first) then closes the socket, no reply. */
        private void drop() throws IOException {
            int n = config.dropAfterDataBytes;
            int count = 0;
            int[] last = {-1, -1, -1, -1, -1};
            // "\r\n" before the body start, so that a body consisting only of ".\r\n" is recognised
            last[3] = '\r';
            last[4] = '\n';
            while (count < n) {
                int b = in.read();
                if (b == -1) {
                    break;
                }
                count++;
                System.arraycopy(last, 1, last, 0, 4);
                last[4] = b;
                if (last[0] == '\r' && last[1] == '\n' && last[2] == '.' && last[3] == '\r' && last[4] == '\n') {
                    break;
                }
            }
            if (config.resetOnDrop) {
                try {
                    socket.setSoLinger(true, 0); // close() now sends RST instead of FIN
                } catch (IOException ignored) {
                    // a plain close then
                }
            }
            closeQuietly(socket);
        }

        private void resetTransaction() {
            sender = null;
            recipients.clear();
            bdatBuffer.reset();
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    break;
                }
                buf.write(b);
            }
            if (b == -1 && buf.size() == 0) {
                return null;
            }
            String s = buf.toString(StandardCharsets.UTF_8);
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }

        private void reply(String text) throws IOException {
            if (!config.slowReplies.isZero()) {
                try {
                    Thread.sleep(config.slowReplies.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SocketException("interrupted");
                }
            }
            out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    /** "&lt;a@b&gt; params" or "a@b" -> "a@b"; null if malformed. */
    private static String address(String s) {
        if (s.startsWith("<")) {
            int end = s.indexOf('>');
            return end < 0 ? null : s.substring(1, end);
        }
        int sp = s.indexOf(' ');
        return sp < 0 ? s : s.substring(0, sp);
    }

    private static String decode(String b64) {
        try {
            return new String(Base64.getDecoder().decode(b64.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private record RecipientRule(String addressOrDomain, int code, String text) {
        boolean matches(String lowerAddress, String domain) {
            String rule = addressOrDomain.toLowerCase(Locale.ROOT);
            if (rule.startsWith("@")) {
                rule = rule.substring(1);
            }
            return rule.contains("@") ? rule.equals(lowerAddress) : rule.equals(domain);
        }
    }

    /**
     * Builder; every option is independent, defaults accept everything without AUTH or TLS. The server keeps a
     * reference to the builder: do not change it after {@link #start()}.
     */
    public static final class Builder {
        private int port;
        private String authUser;
        private String authPassword;
        private String xoauth2Token;
        private boolean requireAuth;
        private boolean startTls;
        private boolean requireStartTls;
        private boolean implicitTls;
        private boolean chunking;
        private long maxMessageSize;
        private final List<RecipientRule> refusedRecipients = new ArrayList<>();
        private final Set<String> relayDeniedDomains = ConcurrentHashMap.newKeySet();
        private String senderReply;
        private String afterDataReply;
        private int transientRcptFailures;
        private int transientCode = 451;
        private String transientText = "4.7.1 Greylisted, please try again later";
        private int dropAfterDataBytes = -1;
        private boolean resetOnDrop;
        private Duration slowReplies = Duration.ZERO;
        private Duration idleTimeout = Duration.ofMinutes(5);
        private boolean recordMessages = true;
        private int greetingCode = 220;
        private String greetingText;

        private Builder() {
        }

        /** Fixed port instead of an ephemeral one (0). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Advertise {@code AUTH PLAIN LOGIN XOAUTH2} and accept these credentials (for XOAUTH2 the password is the
         * bearer token unless {@link #xoauth2Token(String)}); do not require it.
         */
        public Builder offerAuth(String user, String password) {
            this.authUser = Objects.requireNonNull(user);
            this.authPassword = Objects.requireNonNull(password);
            return this;
        }

        /** {@link #offerAuth} and refuse MAIL FROM before a successful AUTH: {@code 530 5.7.0 Authentication required}. */
        public Builder requireAuth(String user, String password) {
            offerAuth(user, password);
            this.requireAuth = true;
            return this;
        }

        /** Bearer token accepted by AUTH XOAUTH2 (default: the password). */
        public Builder xoauth2Token(String token) {
            this.xoauth2Token = token;
            return this;
        }

        /** Advertise and accept STARTTLS (test certificate, see {@link TestTls}). */
        public Builder offerStartTls() {
            this.startTls = true;
            return this;
        }

        /**
         * {@link #offerStartTls()} and answer every command but EHLO, HELO, NOOP, QUIT, STARTTLS before TLS with
         * {@code 530 5.7.0 Must issue a STARTTLS command first}; AUTH is advertised only after STARTTLS.
         */
        public Builder requireStartTls() {
            this.startTls = true;
            this.requireStartTls = true;
            return this;
        }

        /** SMTPS: TLS from the first byte (connect with protocol smtps / mail.smtp.ssl.enable=true). */
        public Builder implicitTls() {
            this.implicitTls = true;
            return this;
        }

        /** Advertise CHUNKING and accept BDAT (clients use it with mail.smtp.chunksize). */
        public Builder chunking() {
            this.chunking = true;
            return this;
        }

        /** Advertise {@code SIZE n}; a bigger message gets {@code 552 5.3.4 Message size exceeds fixed limit} after the data. */
        public Builder maxMessageSize(long bytes) {
            this.maxMessageSize = bytes;
            return this;
        }

        /**
         * Refuse RCPT TO for an address ({@code "bad@example.com"}) or a whole domain ({@code "example.com"} or
         * {@code "@example.com"}), e.g. {@code refuseRecipient("nobody@example.com", 550, "5.1.1 user unknown")}.
         */
        public Builder refuseRecipient(String addressOrDomain, int code, String text) {
            refusedRecipients.add(new RecipientRule(addressOrDomain, code, text));
            return this;
        }

        /** RCPT TO to this domain from an unauthenticated session: {@code 554 5.7.1 Relay access denied}. */
        public Builder relayDenied(String domain) {
            relayDeniedDomains.add(domain.toLowerCase(Locale.ROOT).replaceFirst("^@", ""));
            return this;
        }

        /** Answer every MAIL FROM with this reply, e.g. {@code rejectSender(553, "5.7.1 Sender address rejected")}. */
        public Builder rejectSender(int code, String text) {
            this.senderReply = code + " " + text;
            return this;
        }

        /** Answer the end of data with this reply instead of 250, e.g. {@code 554, "5.6.0 content rejected"}. */
        public Builder rejectAfterData(int code, String text) {
            this.afterDataReply = code + " " + text;
            return this;
        }

        /**
         * The first {@code attempts} RCPT commands on this server (counted over all connections) get
         * {@code 451 4.7.1 Greylisted, please try again later}.
         */
        public Builder greylist(int attempts) {
            return transientRecipientFailures(attempts, 451, "4.7.1 Greylisted, please try again later");
        }

        /** The first {@code attempts} RCPT commands (over all connections) get this (transient) reply. */
        public Builder transientRecipientFailures(int attempts, int code, String text) {
            this.transientRcptFailures = attempts;
            this.transientCode = code;
            this.transientText = text;
            return this;
        }

        /**
         * After replying 354 to DATA, read {@code bodyBytes} bytes of the body (or up to the end of data if the
         * message is shorter) and close the connection without any reply.
         */
        public Builder dropAfterData(int bodyBytes) {
            this.dropAfterDataBytes = bodyBytes;
            return this;
        }

        /**
         * Close right after the end of data ({@code .}) without a reply: the client wrote the whole message and
         * waits for an answer that never comes (same as {@code dropAfterData(Integer.MAX_VALUE)}).
         */
        public Builder dropAfterEndOfData() {
            return dropAfterData(Integer.MAX_VALUE);
        }

        /**
         * Like {@link #dropAfterData(int)}, but reset the connection (TCP RST, {@code SO_LINGER 0}) instead of closing
         * it: the client sees "Connection reset" rather than an end of stream.
         */
        public Builder resetAfterData(int bodyBytes) {
            this.dropAfterDataBytes = bodyBytes;
            this.resetOnDrop = true;
            return this;
        }

        /** Wait this long before every reply (the greeting included). */
        public Builder slowReplies(Duration delay) {
            this.slowReplies = delay;
            return this;
        }

        /** Close connections idle for this long (default 5 minutes). */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        /** Greet with this reply instead of 220 and close, e.g. {@code 554, "5.3.2 No service"} or 421. */
        public Builder refuseConnections(int code, String text) {
            this.greetingCode = code;
            this.greetingText = text;
            return this;
        }

        /** false: do not keep accepted messages (long benchmarks); {@link #acceptedMessages()} still counts. */
        public Builder recordMessages(boolean record) {
            this.recordMessages = record;
            return this;
        }

        private String xoauth2Token() {
            return xoauth2Token != null ? xoauth2Token : authPassword;
        }

        public SmtpTestServer start() {
            if (implicitTls && startTls) {
                throw new IllegalStateException("implicitTls and STARTTLS are exclusive");
            }
            try {
                return new SmtpTestServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
