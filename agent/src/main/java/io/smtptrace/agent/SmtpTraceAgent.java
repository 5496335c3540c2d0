package io.smtptrace.agent;

import java.lang.instrument.Instrumentation;
import java.util.Properties;

/**
 * Entry point for {@code -javaagent:smtp-trace-agent.jar[=key=value,...]} and for attaching to a running JVM.
 * Touches no bootstrap-bridge type itself: those must be injected before anything resolves them.
 */
public final class SmtpTraceAgent {

    private static boolean started;

    private SmtpTraceAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    private static synchronized void start(String args, Instrumentation inst, boolean attached) {
        if (started) {
            return;
        }
        started = true;
        long t0 = System.nanoTime();
        try {
            AgentConfig config = AgentConfig.load(System.getenv(), withAgentArgs(args));
            AgentLog.setDebug(config.debug);
            if (!config.enabled) {
                AgentLog.info("disabled by smtptrace.enabled=false");
                return;
            }
            long t1 = System.nanoTime();
            BootstrapInjector.inject(inst);
            long t2 = System.nanoTime();
            Installer.install(inst, config, attached);
            AgentLog.debug("started in " + (System.nanoTime() - t0) / 1000 + " µs (settings " + (t1 - t0) / 1000
                    + ", bridge " + (t2 - t1) / 1000 + ", install " + (System.nanoTime() - t2) / 1000 + ")");
        } catch (Throwable t) {
            // the application goes on exactly as without the agent
            AgentLog.info("could not start, the application runs without SMTP tracing: " + t);
        }
    }

    /** {@code file=/x.jsonl,envelope=hash} is read as {@code smtptrace.file}, {@code smtptrace.envelope}. */
    static Properties withAgentArgs(String args) {
        Properties p = new Properties();
        p.putAll(System.getProperties());
        if (args != null) {
            for (String part : args.split(",")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    String k = part.substring(0, eq).trim();
                    p.setProperty(k.startsWith("smtptrace.") || k.startsWith("otel.") ? k : "smtptrace." + k,
                            part.substring(eq + 1).trim());
                }
            }
        }
        return p;
    }
}
