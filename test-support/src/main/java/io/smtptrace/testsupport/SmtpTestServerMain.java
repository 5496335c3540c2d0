package io.smtptrace.testsupport;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Starts an {@link SmtpTestServer} from the command line, prints {@code PORT <n>} (and the trust store path when
 * TLS is on) and runs until killed (or stdin is closed with --exit-on-eof).
 *
 * <pre>
 * java -cp smtp-trace-test-support.jar io.smtptrace.testsupport.SmtpTestServerMain [options]
 *   --port N                    fixed port (default 0 = ephemeral)
 *   --require-auth user:pass    AUTH PLAIN LOGIN XOAUTH2 required
 *   --offer-auth user:pass      AUTH offered, not required
 *   --xoauth2-token T
 *   --offer-starttls | --require-starttls | --implicit-tls
 *   --chunking
 *   --max-size N
 *   --refuse-recipient addr-or-domain:code:text   e.g. nobody@example.com:550:5.1.1 user unknown
 *   --relay-denied domain
 *   --reject-sender code:text
 *   --reject-after-data code:text
 *   --greylist N
 *   --drop-after-data N
 *   --slow-replies-ms N
 *   --quiet                     do not print a line per received message
 *   --no-record                 keep no messages in memory (benchmarks), implies --quiet
 *   --exit-on-eof               stop when stdin reaches EOF
 * </pre>
 */
public final class SmtpTestServerMain {

    private SmtpTestServerMain() {
    }

    public static void main(String[] args) throws Exception {
        SmtpTestServer.Builder b = SmtpTestServer.builder();
        boolean quiet = false;
        boolean exitOnEof = false;
        boolean tls = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--port" -> b.port(Integer.parseInt(args[++i]));
                case "--require-auth" -> {
                    String[] up = args[++i].split(":", 2);
                    b.requireAuth(up[0], up[1]);
                }
                case "--offer-auth" -> {
                    String[] up = args[++i].split(":", 2);
                    b.offerAuth(up[0], up[1]);
                }
                case "--xoauth2-token" -> b.xoauth2Token(args[++i]);
                case "--offer-starttls" -> {
                    b.offerStartTls();
                    tls = true;
                }
                case "--require-starttls" -> {
                    b.requireStartTls();
                    tls = true;
                }
                case "--implicit-tls" -> {
                    b.implicitTls();
                    tls = true;
                }
                case "--chunking" -> b.chunking();
                case "--max-size" -> b.maxMessageSize(Long.parseLong(args[++i]));
                case "--refuse-recipient" -> {
                    String[] p = args[++i].split(":", 3);
                    b.refuseRecipient(p[0], Integer.parseInt(p[1]), p[2]);
                }
                case "--relay-denied" -> b.relayDenied(args[++i]);
                case "--reject-sender" -> {
                    String[] p = args[++i].split(":", 2);
                    b.rejectSender(Integer.parseInt(p[0]), p[1]);
                }
                case "--reject-after-data" -> {
                    String[] p = args[++i].split(":", 2);
                    b.rejectAfterData(Integer.parseInt(p[0]), p[1]);
                }
                case "--greylist" -> b.greylist(Integer.parseInt(args[++i]));
                case "--drop-after-data" -> b.dropAfterData(Integer.parseInt(args[++i]));
                case "--slow-replies-ms" -> b.slowReplies(Duration.ofMillis(Long.parseLong(args[++i])));
                case "--quiet" -> quiet = true;
                case "--no-record" -> {
                    b.recordMessages(false);
                    quiet = true;
                }
                case "--exit-on-eof" -> exitOnEof = true;
                case "--help", "-h" -> {
                    System.out.println("see the javadoc of " + SmtpTestServerMain.class.getName());
                    return;
                }
                default -> {
                    System.err.println("unknown option " + a);
                    System.exit(2);
                }
            }
        }
        SmtpTestServer server = b.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("PORT " + server.port());
        if (tls) {
            System.out.println("TRUSTSTORE " + server.clientTrustStore() + " password " + server.clientTrustStorePassword()
                    + " type " + TestTls.STORE_TYPE);
        }
        System.out.flush();
        if (!quiet) {
            Thread printer = new Thread(() -> {
                int seen = 0;
                while (true) {
                    var list = server.received();
                    for (; seen < list.size(); seen++) {
                        System.out.println("RECEIVED " + list.get(seen));
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "received-printer");
            printer.setDaemon(true);
            printer.start();
        }
        if (exitOnEof) {
            while (System.in.read() != -1) {
                // wait for EOF
            }
            server.close();
            return;
        }
        new CountDownLatch(1).await();
    }
}
