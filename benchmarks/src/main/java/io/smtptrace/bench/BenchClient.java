package io.smtptrace.bench;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.Properties;

/**
 * The sending side, run in a forked JVM (with or without the agent) whose class path holds the real Angus Mail 2.0.3
 * jars and this module's jar. Prints {@code BENCH key=value ...} lines the harness parses.
 *
 * <pre>
 * messages    host port warmup n            one connection, warmup + n messages, timing and allocation of the n
 * connections host port warmup n user pw    connect (EHLO, STARTTLS, EHLO, AUTH) + QUIT, n times
 * startup     host port                     one connection, one message, exit
 * memory      host port connections perConnection checkpointEvery
 * postfix     host port threads warmupPerThread perThread reuse from to
 *                                           threads sending at once, each over one connection (reuse=true) or a new
 *                                           connection per message (false); timing and CPU of the measured part
 * </pre>
 */
public final class BenchClient {

    private BenchClient() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        switch (mode) {
            case "messages" -> messages(host, port, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "connections" -> connections(host, port, Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    args[5], args[6]);
            case "startup" -> startup(host, port);
            case "postfix" -> postfix(host, port, Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), Boolean.parseBoolean(args[6]), args[7], args[8]);
            case "memory" -> memory(host, port, Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]));
            default -> throw new IllegalArgumentException(mode);
        }
        System.out.flush();
    }

    static Session plainSession(String host, int port) {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", host);
        p.setProperty("mail.smtp.port", Integer.toString(port));
        p.setProperty("mail.smtp.connectiontimeout", "10000");
        p.setProperty("mail.smtp.timeout", "10000");
        return Session.getInstance(p);
    }

    /** A small message (about 600 bytes on the wire). */
    static MimeMessage smallMessage(Session session) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("app@example.com"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@example.org"));
        m.setSubject("Benchmark message");
        m.setText("Hello Alice,\r\n\r\nthis is a small benchmark message.\r\nRegards\r\n");
        m.saveChanges();
        return m;
    }

    private static void messages(String host, int port, int warmup, int n) throws Exception {
        Session session = plainSession(host, port);
        MimeMessage msg = smallMessage(session);
        InternetAddressHolder rcpts = new InternetAddressHolder(msg);
        Transport t = session.getTransport("smtp");
        t.connect();
        for (int i = 0; i < warmup; i++) {
            t.sendMessage(msg, rcpts.addresses);
        }
        Thread.sleep(500); // let the export thread catch up with the warm-up
        com.sun.management.ThreadMXBean tmx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long selfBefore = tmx.getCurrentThreadAllocatedBytes();
        long allBefore = sum(tmx.getThreadAllocatedBytes(tmx.getAllThreadIds()));
        ThreadCpu threads = new ThreadCpu();
        long cpuBefore = processCpuNanos();
        long loopStartMs = System.currentTimeMillis();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            t.sendMessage(msg, rcpts.addresses);
        }
        long nanos = System.nanoTime() - start;
        long loopEndMs = System.currentTimeMillis();
        long selfAfter = tmx.getCurrentThreadAllocatedBytes();
        long allAfter = sum(tmx.getThreadAllocatedBytes(tmx.getAllThreadIds()));
        long cpu = processCpuNanos() - cpuBefore;
        String threadCpu = threads.delta();
        t.close();
        System.out.println("BENCH msgs=" + n + " nanos=" + nanos + " allocAll=" + (allAfter - allBefore)
                + " allocApp=" + (selfAfter - selfBefore) + " cpuNanos=" + cpu + " loopStartMs=" + loopStartMs
                + " loopEndMs=" + loopEndMs + " threadCpu=" + threadCpu);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            if (v > 0) {
                s += v;
            }
        }
        return s;
    }

    private static void connections(String host, int port, int warmup, int n, String user, String pw)
            throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", host);
        p.setProperty("mail.smtp.port", Integer.toString(port));
        p.setProperty("mail.smtp.auth", "true");
        p.setProperty("mail.smtp.starttls.enable", "true");
        p.setProperty("mail.smtp.starttls.required", "true");
        p.setProperty("mail.smtp.connectiontimeout", "10000");
        p.setProperty("mail.smtp.timeout", "10000");
        Session session = Session.getInstance(p);
        for (int i = 0; i < warmup; i++) {
            oneConnection(session, user, pw);
        }
        Thread.sleep(500); // let the export thread catch up with the warm-up
        com.sun.management.ThreadMXBean tmx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long selfBefore = tmx.getCurrentThreadAllocatedBytes();
        long allBefore = sum(tmx.getThreadAllocatedBytes(tmx.getAllThreadIds()));
        ThreadCpu threads = new ThreadCpu();
        long cpuBefore = processCpuNanos();
        long loopStartMs = System.currentTimeMillis();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            oneConnection(session, user, pw);
        }
        long nanos = System.nanoTime() - start;
        long loopEndMs = System.currentTimeMillis();
        long selfAfter = tmx.getCurrentThreadAllocatedBytes();
        long allAfter = sum(tmx.getThreadAllocatedBytes(tmx.getAllThreadIds()));
        long cpu = processCpuNanos() - cpuBefore;
        System.out.println("BENCH connections=" + n + " nanos=" + nanos + " allocAll=" + (allAfter - allBefore)
                + " allocApp=" + (selfAfter - selfBefore) + " cpuNanos=" + cpu + " loopStartMs=" + loopStartMs
                + " loopEndMs=" + loopEndMs + " threadCpu=" + threads.delta());
    }

    private static void oneConnection(Session session, String user, String pw) throws MessagingException {
        Transport t = session.getTransport("smtp");
        t.connect(user, pw);
        t.close();
    }

    private static void postfix(String host, int port, int threads, int warmup, int perThread, boolean reuse,
                                String from, String to) throws Exception {
        Session session = plainSession(host, port);
        MimeMessage msg = smallMessage(session);
        msg.setFrom(new InternetAddress(from));
        msg.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        msg.saveChanges();
        jakarta.mail.Address[] rcpts = msg.getAllRecipients();
        java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(threads + 1);
        java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Throwable> firstFailure = new java.util.concurrent.atomic.AtomicReference<>();
        List<Thread> workers = new java.util.ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    sendBatch(session, msg, rcpts, warmup, reuse, failed, firstFailure);
                    barrier.await(); // warm-up done everywhere
                    barrier.await(); // measured part starts
                    sendBatch(session, msg, rcpts, perThread, reuse, failed, firstFailure);
                } catch (Exception e) {
                    firstFailure.compareAndSet(null, e);
                }
            }, "sender-" + i);
            workers.add(t);
            t.start();
        }
        barrier.await();
        Thread.sleep(500); // let the export thread catch up with the warm-up
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        barrier.await();
        for (Thread t : workers) {
            t.join();
        }
        long nanos = System.nanoTime() - start;
        long cpu = processCpuNanos() - cpuBefore;
        if (firstFailure.get() != null) {
            System.err.println("first failure: " + firstFailure.get());
        }
        System.out.println("BENCH msgs=" + (long) threads * perThread + " nanos=" + nanos + " cpuNanos=" + cpu
                + " failed=" + failed.get());
    }

    private static void sendBatch(Session session, MimeMessage msg, jakarta.mail.Address[] rcpts, int n, boolean reuse,
                                  java.util.concurrent.atomic.AtomicLong failed,
                                  java.util.concurrent.atomic.AtomicReference<Throwable> firstFailure) throws Exception {
        Transport t = null;
        for (int i = 0; i < n; i++) {
            try {
                if (t == null) {
                    t = session.getTransport("smtp");
                    t.connect();
                }
                t.sendMessage(msg, rcpts);
            } catch (MessagingException e) {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, e);
                closeQuietly(t);
                t = null;
                continue;
            }
            if (!reuse) {
                closeQuietly(t);
                t = null;
            }
        }
        closeQuietly(t);
    }

    private static void closeQuietly(Transport t) {
        if (t != null) {
            try {
                t.close();
            } catch (MessagingException ignored) {
                // broken already
            }
        }
    }

    private static void startup(String host, int port) throws Exception {
        Session session = plainSession(host, port);
        MimeMessage msg = smallMessage(session);
        Transport t = session.getTransport("smtp");
        t.connect();
        t.sendMessage(msg, msg.getAllRecipients());
        t.close();
        System.out.println("BENCH startup ok");
    }

    private static void memory(String host, int port, int connections, int perConnection, int checkpointEvery)
            throws Exception {
        Session session = plainSession(host, port);
        MimeMessage msg = smallMessage(session);
        InternetAddressHolder rcpts = new InternetAddressHolder(msg);
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long attempted = 0;
        long failed = 0;
        long broken = 0;
        long nextCheckpoint = 0;
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            Transport t = session.getTransport("smtp");
            t.connect();
            try {
                for (int i = 0; i < perConnection; i++) {
                    attempted++;
                    try {
                        t.sendMessage(msg, rcpts.addresses);
                    } catch (MessagingException e) {
                        failed++;
                        broken++;
                        break; // the server dropped the connection mid-DATA
                    }
                }
            } finally {
                try {
                    t.close();
                } catch (MessagingException ignored) {
                    // already broken
                }
            }
            if (attempted >= nextCheckpoint || c == connections - 1) {
                nextCheckpoint = attempted + checkpointEvery;
                Thread.sleep(300); // let the export queue drain: measure what is retained, not what is in flight
                System.gc();
                System.gc();
                long heap = mem.getHeapMemoryUsage().getUsed();
                long[] agent = agentHistogram();
                System.out.println("BENCH checkpoint messages=" + attempted + " connections=" + (c + 1)
                        + " broken=" + broken + " failed=" + failed + " heapUsed=" + heap
                        + " agentInstances=" + agent[0] + " agentBytes=" + agent[1]
                        + " seconds=" + (System.nanoTime() - start) / 1_000_000_000L);
            }
        }
    }

    /** Instances and shallow bytes of io.smtptrace.* classes (agent and its shaded libraries), after a full GC. */
    static long[] agentHistogram() {
        try {
            String h = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            long instances = 0;
            long bytes = 0;
            for (String line : h.split("\n")) {
                if (line.contains(" io.smtptrace.") && !line.contains("io.smtptrace.bench.") && !line.contains("io.smtptrace.testsupport.")) {
                    String[] f = line.trim().split("\\s+");
                    instances += Long.parseLong(f[1]);
                    bytes += Long.parseLong(f[2]);
                }
            }
            return new long[] {instances, bytes};
        } catch (Exception e) {
            return new long[] {-1, -1};
        }
    }

    /**
     * CPU time of every live Java thread, to split the process CPU of the measured loop between the application
     * thread, the agent's threads and the rest (process CPU minus their sum is the JVM's own: JIT, GC).
     */
    static final class ThreadCpu {
        private final java.lang.management.ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        private final java.util.Map<Long, Long> before = new java.util.HashMap<>();

        ThreadCpu() {
            for (long id : tmx.getAllThreadIds()) {
                before.put(id, tmx.getThreadCpuTime(id));
            }
        }

        /** {@code name:nanos,name:nanos} (spaces in names as '_'), threads that used CPU during the loop. */
        String delta() {
            StringBuilder s = new StringBuilder();
            for (long id : tmx.getAllThreadIds()) {
                long now = tmx.getThreadCpuTime(id);
                java.lang.management.ThreadInfo info = tmx.getThreadInfo(id);
                if (now < 0 || info == null) {
                    continue;
                }
                long d = now - Math.max(0, before.getOrDefault(id, 0L));
                if (d > 0) {
                    if (s.length() > 0) {
                        s.append(',');
                    }
                    s.append(info.getThreadName().replace(' ', '_').replace(',', '_').replace(':', '_'))
                            .append(':').append(d);
                }
            }
            return s.length() == 0 ? "-" : s.toString();
        }
    }

    /** Recipients resolved once, as an application sending the same message would. */
    private static final class InternetAddressHolder {
        final jakarta.mail.Address[] addresses;

        InternetAddressHolder(MimeMessage m) throws MessagingException {
            this.addresses = m.getAllRecipients();
        }
    }
}
