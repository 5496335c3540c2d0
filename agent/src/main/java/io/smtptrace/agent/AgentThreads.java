package io.smtptrace.agent;

import java.security.AccessController;
import java.security.PrivilegedAction;

/**
 * Every thread the agent starts: daemon, named {@code smtp-trace-*}, no context class loader, no inherited
 * thread-local values and no inherited access-control context. A thread inherits all three from the application
 * thread that creates it (the first one to send mail); in an application server any of them can keep an undeployed
 * web application's class loader alive for as long as the thread lives.
 */
public final class AgentThreads {

    private AgentThreads() {
    }

    @SuppressWarnings("removal") // doPrivileged: the inherited access-control context holds the caller's domains
    public static Thread newThread(String name, Runnable task) {
        // an inner class, not a lambda: this runs on the application's first send (see AgentHooks)
        return AccessController.doPrivileged(new PrivilegedAction<Thread>() {
            @Override
            public Thread run() {
                Thread t = new Thread(null, task, "smtp-trace-" + name, 0, false);
                t.setDaemon(true);
                t.setContextClassLoader(null);
                return t;
            }
        });
    }

    /** The live threads now; with {@link #nameNewOnes}, to find the ones a library started from an agent thread. */
    public static java.util.Set<Thread> snapshot() {
        return new java.util.HashSet<>(Thread.getAllStackTraces().keySet());
    }

    /**
     * Prefixes {@code smtp-trace-} to threads started since {@code before} by the calling agent thread's libraries
     * (the SDK's batch processor, the JDK HTTP client of OTLP): they inherited its null context loader, which tells
     * them from threads the application started meanwhile. They are daemons already; the name says whose they are.
     */
    public static void nameNewOnes(java.util.Set<Thread> before) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(t) && t.getContextClassLoader() == null && t.isDaemon()
                    && !t.getName().startsWith("smtp-trace-")) {
                t.setName("smtp-trace-" + t.getName());
            }
        }
    }
}
