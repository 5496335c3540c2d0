package io.smtptrace.agent;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Whether the OpenTelemetry Java agent runs in this JVM: then plain {@code OTEL_*} / {@code otel.*} settings are meant
 * for it as much as for us, and must not switch off what smtp-trace does by default. Found by its boot class path
 * classes when its premain ran before ours (or before an attach), else by a {@code -javaagent:} on the command line
 * ({@code /proc/self/cmdline}) or
 * in {@code JAVA_TOOL_OPTIONS} / {@code JDK_JAVA_OPTIONS} whose jar's {@code Premain-Class} is the OpenTelemetry agent's.
 */
final class OtelJavaAgent {

    /** Assembled at run time: the shade plugin would relocate a literal {@code io.opentelemetry...} to our copy. */
    private static final String OTEL = String.join(".", "io", "opentelemetry");
    static final String BOOTSTRAP_CLASS = OTEL + ".javaagent.bootstrap.AgentInitializer";
    static final String PREMAIN_CLASS = OTEL + ".javaagent.OpenTelemetryAgent";

    private OtelJavaAgent() {
    }

    static boolean present(Map<String, String> env) {
        try {
            Class.forName(BOOTSTRAP_CLASS, false, null);
            return true;
        } catch (Throwable notThere) {
            // not (yet) on the boot class path: it may be listed after this agent
        }
        List<String> args = commandLine();
        for (String v : new String[] {env.get("JAVA_TOOL_OPTIONS"), env.get("JDK_JAVA_OPTIONS")}) {
            if (v != null) {
                args.addAll(List.of(v.trim().split("\\s+")));
            }
        }
        return inArguments(args);
    }

    /**
     * The JVM's arguments from {@code /proc/self/cmdline} (Linux; elsewhere none: then the boot classes and the
     * environment decide). Not {@code ProcessHandle.info()}: that costs over 100 ms of start-up on a busy machine.
     */
    private static List<String> commandLine() {
        List<String> out = new ArrayList<>();
        File f = new File("/proc/self/cmdline");
        if (!f.isFile()) {
            return out;
        }
        try (java.io.FileInputStream in = new java.io.FileInputStream(f)) {
            byte[] b = in.readAllBytes();
            int start = 0;
            for (int i = 0; i <= b.length; i++) {
                if (i == b.length || b[i] == 0) {
                    if (i > start) {
                        out.add(new String(b, start, i - start, java.nio.charset.StandardCharsets.UTF_8));
                    }
                    start = i + 1;
                }
            }
        } catch (Throwable ignored) {
            // unreadable: as elsewhere
        }
        return out;
    }

    /** Any {@code -javaagent:<jar>[=options]} among the arguments whose jar is the OpenTelemetry Java agent. */
    static boolean inArguments(List<String> args) {
        for (String a : args) {
            if (!a.startsWith("-javaagent:")) {
                continue;
            }
            String path = a.substring("-javaagent:".length());
            int eq = path.indexOf('=');
            if (eq > 0) {
                path = path.substring(0, eq);
            }
            if (isOtelAgentJar(new File(path))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOtelAgentJar(File jar) {
        try (JarFile j = new JarFile(jar, false)) {
            Manifest m = j.getManifest();
            return m != null && PREMAIN_CLASS.equals(m.getMainAttributes().getValue("Premain-Class"));
        } catch (Throwable unreadable) {
            // a jar we cannot read: judge by its name, as a person reading the command line would
            return jar.getName().startsWith("opentelemetry-javaagent");
        }
    }
}
