package io.smtptrace.agent;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The agent jar's only class (Java 8 bytecode, so any JVM can read it): the premain/agentmain/main entry, and the
 * class loader of everything else. The JVM puts the agent jar on the system class path; every other class in it is
 * stored as {@code inst/...classdata}, which no other loader can define, so the application sees none of the agent's
 * classes and the agent sees none of the application's (the layout of the OpenTelemetry Java agent). Only the bridge
 * ({@code io.smtptrace.bootstrap}) goes to the boot loader, where woven mail classes in any loader can reach it.
 */
public final class SmtpTraceAgent extends ClassLoader {

    static final String PREFIX = "inst/";
    static final String BRIDGE_PACKAGE = "io.smtptrace.bootstrap.";
    static final int MIN_JAVA = 17;

    /** How the running agent was started ("-javaagent" or "attach"), null until then. */
    private static String startedBy;

    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private final ProtectionDomain domain;
    private final Manifest manifest;
    private final String jarUrl;

    private SmtpTraceAgent(File jarFile, ClassLoader parent) throws IOException {
        super(parent);
        this.jar = new JarFile(jarFile, false);
        this.manifest = jar.getManifest();
        URL url = jarFile.toURI().toURL();
        this.jarUrl = url.toString();
        this.domain = new ProtectionDomain(new CodeSource(url, (Certificate[]) null), null, this, null);
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false, System.getProperty("java.specification.version"));
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true, System.getProperty("java.specification.version"));
    }

    /** {@code java -jar smtp-trace-agent.jar attach <pid>}. */
    public static void main(String[] args) throws Exception {
        if (!supported(System.getProperty("java.specification.version"))) {
            System.err.println("smtp-trace needs Java " + MIN_JAVA + "+ (this is Java "
                    + System.getProperty("java.specification.version") + ")");
            System.exit(2);
            return;
        }
        SmtpTraceAgent loader = new SmtpTraceAgent(ownJar(), ClassLoader.getSystemClassLoader());
        Method main = loader.loadClass("io.smtptrace.agent.AttachMain").getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    static synchronized void start(String args, Instrumentation inst, boolean attached, String javaVersion) {
        try {
            if (!supported(javaVersion)) {
                System.err.println("[smtp-trace] smtp-trace needs Java " + MIN_JAVA + "+ (this is Java " + javaVersion
                        + "); the application runs without it");
                return;
            }
            String how = attached ? "attach" : "-javaagent";
            if (startedBy != null) {
                // a second -javaagent flag (even of another copy of the jar: this class answers for both) or attach
                System.err.println("[smtp-trace] already active (started by " + startedBy + "); this " + how
                        + " is ignored" + (settingNames(args).isEmpty() ? ""
                        : " and its settings (" + settingNames(args) + ") are not applied"));
                return;
            }
            startedBy = how;
            SmtpTraceAgent loader = new SmtpTraceAgent(ownJar(), platformLoader());
            loader.loadClass("io.smtptrace.agent.AgentStarter")
                    .getMethod("start", String.class, Instrumentation.class, boolean.class)
                    .invoke(null, args, inst, attached);
        } catch (Throwable t) {
            Throwable cause = t instanceof InvocationTargetException && t.getCause() != null ? t.getCause() : t;
            System.err.println("[smtp-trace] could not start, the application runs without SMTP tracing: " + cause);
        }
    }

    /** The keys of agent arguments, never their values (a value may be a key or a password). */
    static String settingNames(String args) {
        StringBuilder sb = new StringBuilder();
        if (args != null) {
            for (String part : args.split(",")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    sb.append(sb.length() == 0 ? "" : ", ").append(part.substring(0, eq).trim());
                }
            }
        }
        return sb.toString();
    }

    /** "1.8", "11", "17", "21"... */
    static boolean supported(String specVersion) {
        if (specVersion == null || specVersion.startsWith("1.")) {
            return false;
        }
        try {
            int dot = specVersion.indexOf('.');
            return Integer.parseInt(dot < 0 ? specVersion : specVersion.substring(0, dot)) >= MIN_JAVA;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static File ownJar() throws Exception {
        return new File(SmtpTraceAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** JDK modules only (java.net.http for OTLP, java.instrument), never the application's class path. */
    private static ClassLoader platformLoader() throws Exception {
        return (ClassLoader) ClassLoader.class.getMethod("getPlatformClassLoader").invoke(null);
    }

    private static String entryName(String resource) {
        return PREFIX + (resource.endsWith(".class")
                ? resource.substring(0, resource.length() - ".class".length()) + ".classdata" : resource);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (name.startsWith(BRIDGE_PACKAGE)) {
            // the bridge exists once, in the boot loader; a copy here would be a different class
            throw new ClassNotFoundException(name);
        }
        JarEntry entry = jar.getJarEntry(entryName(name.replace('.', '/') + ".class"));
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        byte[] bytes;
        try {
            bytes = read(entry);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String pkg = name.substring(0, dot);
            synchronized (this) {
                if (getPackage(pkg) == null) {
                    Attributes a = manifest == null ? null : manifest.getMainAttributes();
                    String title = a == null ? null : a.getValue(Attributes.Name.IMPLEMENTATION_TITLE);
                    String version = a == null ? null : a.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
                    definePackage(pkg, null, null, null, title, version, null, null);
                }
            }
        }
        return defineClass(name, bytes, 0, bytes.length, domain);
    }

    @Override
    protected URL findResource(String name) {
        String entry = entryName(name);
        if (jar.getJarEntry(entry) == null) {
            return null;
        }
        try {
            return new URL("jar:" + jarUrl + "!/" + entry);
        } catch (MalformedURLException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        List<URL> found = new ArrayList<URL>(1);
        URL u = findResource(name);
        if (u != null) {
            found.add(u);
        }
        return Collections.enumeration(found);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        JarEntry entry = jar.getJarEntry(entryName(name));
        if (entry == null) {
            return super.getResourceAsStream(name);
        }
        try {
            // straight from the open jar: no cached jar: connection
            return jar.getInputStream(entry);
        } catch (IOException e) {
            return null;
        }
    }

    private byte[] read(JarEntry entry) throws IOException {
        InputStream in = jar.getInputStream(entry);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(
                    entry.getSize() > 0 ? (int) entry.getSize() : 8192);
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } finally {
            in.close();
        }
    }

    @Override
    public String toString() {
        return "smtp-trace agent class loader";
    }
}
