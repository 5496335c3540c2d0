package io.smtptrace.agent;

import java.lang.instrument.Instrumentation;

/**
 * Starts the agent once {@code SmtpTraceAgent} (the jar's Java 8 entry class) has checked the Java version and made
 * the agent's class loader. Touches no bootstrap-bridge type itself: those must be injected before anything resolves
 * them.
 */
public final class AgentStarter {

    private AgentStarter() {
    }

    /** Called once per JVM, reflectively, in the agent's class loader. */
    public static void start(String args, Instrumentation inst, boolean attached) {
        long t0 = System.nanoTime();
        try {
            AgentConfig config = AgentConfig.load(System.getenv(), System.getProperties(), args);
            AgentLog.setDebug(config.debug);
            for (String u : config.unknown) {
                AgentLog.info("ignored " + u + ": not a smtp-trace setting (known: " + String.join(", ",
                        new java.util.TreeSet<>(AgentConfig.KNOWN)) + ", smtptrace.otel.* and otel.*)");
            }
            if (!config.enabled) {
                AgentLog.info("disabled by smtptrace.enabled=false");
                return;
            }
            long t1 = System.nanoTime();
            BootstrapInjector.inject(inst);
            long t2 = System.nanoTime();
            Installer.install(inst, config, attached);
            markActive(inst, config);
            AgentLog.debug("started in " + (System.nanoTime() - t0) / 1000 + " µs (settings " + (t1 - t0) / 1000
                    + ", bridge " + (t2 - t1) / 1000 + ", install " + (System.nanoTime() - t2) / 1000 + ")");
        } catch (Throwable t) {
            // the application goes on exactly as without the agent
            AgentLog.info("could not start, the application runs without SMTP tracing: " + t);
        }
    }

    /**
     * Tells a later {@code attach} that the agent is already here, through the JVM's agent properties (read by the
     * attach API, invisible to the application's system properties). Needs jdk.internal.vm, exported to the agent's
     * own module only.
     */
    private static void markActive(Instrumentation inst, AgentConfig config) {
        try {
            Module base = Object.class.getModule();
            inst.redefineModule(base, java.util.Set.of(),
                    java.util.Map.of("jdk.internal.vm", java.util.Set.of(AgentStarter.class.getModule())),
                    java.util.Map.of(), java.util.Set.of(), java.util.Map.of());
            Object props = Class.forName("jdk.internal.vm.VMSupport").getMethod("getAgentProperties").invoke(null);
            String version = AgentStarter.class.getPackage().getImplementationVersion();
            ((java.util.Properties) props).setProperty(AttachMain.ACTIVE_PROPERTY, "smtp-trace "
                    + (version == null ? "dev" : version) + (config.file != null ? ", traces to " + config.file : ""));
        } catch (Throwable t) {
            AgentLog.debug("cannot mark the agent active for a later attach: " + t);
        }
    }
}
