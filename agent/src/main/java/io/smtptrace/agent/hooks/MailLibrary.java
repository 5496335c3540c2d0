package io.smtptrace.agent.hooks;

import java.io.File;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.security.ProtectionDomain;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Which mail library (Maven coordinates) and version a transport class comes from; computed once per class. */
public final class MailLibrary {

    final String coordinates;
    final String version;
    /** {@code javax.mail} or {@code jakarta.mail}: the package of the exceptions the library throws. */
    final String api;

    private MailLibrary(String coordinates, String version, String api) {
        this.coordinates = coordinates;
        this.version = version;
        this.api = api;
    }

    static final ClassValue<MailLibrary> CACHE = new ClassValue<>() {
        @Override
        protected MailLibrary computeValue(Class<?> type) {
            return identify(type);
        }
    };

    /**
     * Manifest attributes (Bundle-SymbolicName, version) per code-source location, read when the transport class is
     * woven (class loading, which reads that jar anyway): the send path only looks them up, with no I/O.
     */
    private static final ConcurrentHashMap<String, String[]> MANIFESTS = new ConcurrentHashMap<>();

    /** Called by the transformer for a mail class about to be woven. Reads the jar's manifest once, then closes it. */
    public static void recordLocation(ProtectionDomain pd) {
        try {
            URL url = pd == null || pd.getCodeSource() == null ? null : pd.getCodeSource().getLocation();
            if (url == null || MANIFESTS.containsKey(url.toString())) {
                return;
            }
            Manifest mf = null;
            if ("file".equals(url.getProtocol()) && url.getPath().endsWith(".jar")) {
                try (JarFile jar = new JarFile(new File(url.toURI()), false)) {
                    mf = jar.getManifest();
                }
            } else {
                // a nested jar (Spring Boot): read through a connection of its own, not the JVM-wide jar cache,
                // which would keep the jar open (and locked on Windows) after an undeploy
                URLConnection c = new URL(url.toString().endsWith("!/") ? url + "META-INF/MANIFEST.MF"
                        : "jar:" + url + "!/META-INF/MANIFEST.MF").openConnection();
                c.setUseCaches(false);
                try (InputStream in = c.getInputStream()) {
                    mf = new Manifest(in);
                }
            }
            String[] attrs = new String[2];
            if (mf != null) {
                Attributes a = mf.getMainAttributes();
                attrs[0] = a.getValue("Bundle-SymbolicName");
                attrs[1] = a.getValue("Bundle-Version");
                if (attrs[1] == null) {
                    attrs[1] = a.getValue("Implementation-Version");
                }
            }
            MANIFESTS.putIfAbsent(url.toString(), attrs);
        } catch (Throwable ignored) {
            // no manifest: names decide below
        }
    }

    static MailLibrary identify(Class<?> transport) {
        String symbolic = null;
        String version = null;
        try {
            java.security.CodeSource cs = transport.getProtectionDomain().getCodeSource();
            String[] attrs = cs == null || cs.getLocation() == null ? null : MANIFESTS.get(cs.getLocation().toString());
            if (attrs != null) {
                symbolic = attrs[0];
                version = attrs[1];
            }
        } catch (Throwable ignored) {
            // fall back to names below
        }
        if (symbolic != null) {
            int semi = symbolic.indexOf(';');
            symbolic = (semi >= 0 ? symbolic.substring(0, semi) : symbolic).trim();
        }
        Class<?> transportApi = transport.getSuperclass();
        while (transportApi != null && !transportApi.getName().endsWith(".mail.Transport")) {
            transportApi = transportApi.getSuperclass();
        }
        String api = transportApi == null ? null
                : transportApi.getName().substring(0, transportApi.getName().length() - ".Transport".length());
        String coords;
        if ("javax.mail".equals(symbolic)) {
            coords = "javax.mail:mail";
        } else if ("com.sun.mail.javax.mail".equals(symbolic)) {
            coords = "com.sun.mail:javax.mail";
        } else if ("com.sun.mail.jakarta.mail".equals(symbolic)) {
            coords = "com.sun.mail:jakarta.mail";
        } else if ("org.eclipse.angus.mail".equals(symbolic) || transport.getName().startsWith("org.eclipse.angus")) {
            coords = "org.eclipse.angus:angus-mail";
        } else {
            coords = api != null && api.startsWith("jakarta.") ? "com.sun.mail:jakarta.mail"
                    : "com.sun.mail:javax.mail";
        }
        if (version == null && transport.getPackage() != null) {
            version = transport.getPackage().getImplementationVersion();
        }
        return new MailLibrary(coords, version, api);
    }
}
