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
}
