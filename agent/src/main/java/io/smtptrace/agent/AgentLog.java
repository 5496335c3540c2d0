package io.smtptrace.agent;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** One-line messages on stderr. The agent never uses the application's logging. */
public final class AgentLog {

    private static volatile boolean debug;
    private static final Set<String> ONCE = ConcurrentHashMap.newKeySet();

    private AgentLog() {
    }

    static void setDebug(boolean on) {
        debug = on;
    }

    public static void info(String msg) {
        System.err.println("[smtp-trace] " + msg);
    }

    /** Logs a message only the first time its key is seen, so a recurring problem costs one line. */
    public static void once(String key, String msg) {
        if (ONCE.add(key)) {
            info(msg);
        }
    }

    public static void debug(String msg) {
        if (debug) {
            info(msg);
        }
    }

    public static boolean isDebug() {
        return debug;
    }
}
