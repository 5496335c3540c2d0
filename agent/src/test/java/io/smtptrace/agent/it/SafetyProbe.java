package io.smtptrace.agent.it;

import java.io.File;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * What an application can see and keep of the agent, run in a forked JVM by {@link SafetyIT}:
 * <ul>
 *   <li>{@code reach}: JDK internals and the agent's own classes, from a class on the application's class path;</li>
 *   <li>{@code undeploy <class path> <scenario>}: a web application (its own loader holding the mail library) sends
 *       mail and is undeployed; is its loader collected?</li>
 *   <li>{@code wait}: prints READY and waits for stdin to close (for attach).</li>
 * </ul>
 * Prints {@code RESULT ...} lines.
 */
public final class SafetyProbe {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "reach":
                reach();
                break;
            case "undeploy":
                undeploy(args[1], args[2]);
                break;
            case "wait":
                System.out.println("READY");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // until the test closes our stdin
                }
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }

    private static void reach() {
        try {
            Class<?> unsafe = Class.forName("jdk.internal.misc.Unsafe");
            Object u = unsafe.getMethod("getUnsafe").invoke(null);
            long address = (long) unsafe.getMethod("allocateMemory", long.class).invoke(u, 8L);
            unsafe.getMethod("freeMemory", long.class).invoke(u, address);
            System.out.println("RESULT unsafe granted");
        } catch (Throwable t) {
            System.out.println("RESULT unsafe " + t.getClass().getSimpleName());
        }
        for (String name : new String[] {"io.smtptrace.agent.Installer", "io.smtptrace.agent.capture.Conversation",
                "io.smtptrace.agent.shaded.io.opentelemetry.sdk.OpenTelemetrySdk", "io.smtptrace.agent.SmtpTraceAgent"}) {
            try {
                Class.forName(name, false, ClassLoader.getSystemClassLoader());
                System.out.println("RESULT class " + name + " visible");
            } catch (ClassNotFoundException e) {
                System.out.println("RESULT class " + name + " hidden");
            }
        }
        System.out.println("RESULT services " + (ClassLoader.getSystemResource(
                "META-INF/services/io.smtptrace.agent.shaded.io.opentelemetry.sdk.autoconfigure.spi.ResourceProvider")
                == null ? "hidden" : "visible"));
        try {
            // the bridge must exist (the agent started) for the checks above to mean anything
            Class.forName("io.smtptrace.bootstrap.SmtpTraceBridge", false, null);
            System.out.println("RESULT bridge boot");
        } catch (ClassNotFoundException e) {
            System.out.println("RESULT bridge absent");
        }
    }

    private static void undeploy(String classPath, String scenario) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String p : classPath.split(File.pathSeparator)) {
            urls.add(new File(p).toURI().toURL());
        }
        WeakReference<ClassLoader> ref = deployAndRun(urls.toArray(new URL[0]), scenario);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (ref.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(100);
        }
        if (ref.get() != null) {
            // what still holds it, for the failure message
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getContextClassLoader() == ref.get()) {
                    System.out.println("PINNED by thread " + t.getName());
                }
            }
        }
        System.out.println("RESULT collected " + (ref.get() == null));
    }

    private static WeakReference<ClassLoader> deployAndRun(URL[] urls, String scenario) throws Exception {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        URLClassLoader webapp = new URLClassLoader("webapp", urls, ClassLoader.getPlatformClassLoader());
        // an application server sets the web application's loader as the request thread's context loader
        Thread.currentThread().setContextClassLoader(webapp);
        try {
            Method main = Class.forName("io.smtptrace.testsupport.MailClientApp", true, webapp)
                    .getMethod("main", String[].class);
            main.invoke(null, (Object) new String[] {scenario});
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        // undeploy once the agent's export thread runs (it starts with the first operation; the trace file needs no
        // SDK and no other thread), so a thread of the agent that pinned the loader would be there to pin it
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline && Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("smtp-trace-export"))) {
            Thread.sleep(50);
        }
        webapp.close();
        return new WeakReference<>(webapp);
    }
}
