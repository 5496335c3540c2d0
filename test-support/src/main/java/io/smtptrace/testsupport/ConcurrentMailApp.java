package io.smtptrace.testsupport;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one {@link MailClientApp} scenario on many threads at once, in a forked JVM like MailClientApp: the load
 * and fault tests of the agent. Each thread sends as {@code t<i>@<domain of from>} so that every connection's
 * exchanges can be traced back to the thread that made them.
 *
 * <p>Usage: {@code ConcurrentMailApp scenario.properties}; extra keys: {@code threads} (default 16), {@code phases}
 * and {@code gate} (see {@link Scenario#phases}). Prints the RESULT lines of every thread (thread order interleaved),
 * then {@code RESULT done}.
 */
public final class ConcurrentMailApp {

    private ConcurrentMailApp() {
    }

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | RuntimeException e) {
            System.out.println("RESULT scenario error " + e);
            System.exit(2);
            return;
        }
        int threads = Integer.parseInt(p.getProperty("threads", "16").trim());
        int phases = Integer.parseInt(p.getProperty("phases", "1").trim());
        String gate = p.getProperty("gate");
        String from = p.getProperty("from", "sender@example.com");
        String domain = from.substring(from.indexOf('@') + 1);
        PrintStream out = System.out; // println is synchronized: lines of different threads never mix
        for (int phase = 1; phase <= phases; phase++) {
            if (phase > 1) {
                out.println("RESULT phase " + (phase - 1) + " done");
                out.flush();
                Path g = Path.of(gate + "." + phase);
                long until = System.nanoTime() + 120_000_000_000L;
                while (!Files.exists(g) && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Properties mine = new Properties();
                mine.putAll(p);
                mine.setProperty("from", "t" + t + "@" + domain);
                MailClientApp app = new MailClientApp(mine, out);
                Thread w = new Thread(() -> {
                    try {
                        start.await();
                        app.run();
                    } catch (Throwable e) {
                        out.println("RESULT fatal error " + MailClientApp.describe(e));
                    }
                }, "mail-" + t);
                workers.add(w);
                w.start();
            }
            start.countDown();
            for (Thread w : workers) {
                w.join();
            }
        }
        out.println("RESULT done");
        out.flush();
    }
}
