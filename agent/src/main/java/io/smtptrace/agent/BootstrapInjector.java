package io.smtptrace.agent;


import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the bridge classes on the bootstrap class path. Advice is inlined into the mail library's own classes, which
 * may live in any class loader (a web application's, one whose parent is the platform loader); the bootstrap loader
 * is the one every loader can reach.
 */
final class BootstrapInjector {

    static final String[] CLASSES = {
        "io/smtptrace/bootstrap/SmtpTraceHooks.class",
        "io/smtptrace/bootstrap/SmtpTraceBridge.class",
    };

    private BootstrapInjector() {
    }

    static void inject(Instrumentation inst) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (String name : CLASSES) {
            try (InputStream in = BootstrapInjector.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new IOException("missing " + name + " in the agent jar");
                }
                classes.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'), in.readAllBytes());
            }
        }
        try {
            // defining the classes in the boot loader directly keeps class-data sharing on for the application
            // (appending a jar to the boot class path turns it off for every non-boot class, with a JVM warning)
            defineInBootLoader(inst, classes);
            return;
        } catch (Throwable t) {
            AgentLog.debug("direct boot injection unavailable (" + t + "), appending a jar to the boot class path");
        }
        appendJar(inst);
    }

    /**
     * jdk.internal.misc.Unsafe.defineClass with a null loader, made reachable by exporting (not opening) its package
     * to the agent's own module only: the unnamed module of the agent's class loader, which defines nothing but the
     * agent's classes. The application's class path (the system loader's unnamed module) gains no access. Byte
     * Buddy's own injector does the same but loads about 900 classes to get there.
     */
    private static void defineInBootLoader(Instrumentation inst, Map<String, byte[]> classes) throws Exception {
        Module base = Object.class.getModule();
        Module self = BootstrapInjector.class.getModule();
        inst.redefineModule(base, Set.of(), Map.of("jdk.internal.misc", Set.of(self)), Map.of(), Set.of(),
                Map.of());
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
        Method define = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class);
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
            byte[] b = c.getValue();
            define.invoke(unsafe, c.getKey(), b, 0, b.length, null, null);
        }
    }

    private static void appendJar(Instrumentation inst) throws IOException {
        Path jar = Files.createTempFile("smtp-trace-bootstrap", ".jar");
        jar.toFile().deleteOnExit();
        try (OutputStream fo = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(fo)) {
            for (String name : CLASSES) {
                try (InputStream in = BootstrapInjector.class.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException("missing " + name + " in the agent jar");
                    }
                    out.putNextEntry(new JarEntry(name));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
    }
}
