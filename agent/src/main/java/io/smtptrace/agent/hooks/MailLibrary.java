package io.smtptrace.agent.hooks;

import java.io.InputStream;
import java.net.URL;
import java.util.jar.Manifest;

/** Which mail library (Maven coordinates) and version a transport class comes from; computed once per class. */
final class MailLibrary {

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

    static MailLibrary identify(Class<?> transport) {
        String symbolic = null;
        String version = null;
        try {
            String res = transport.getName().replace('.', '/') + ".class";
            ClassLoader cl = transport.getClassLoader();
            URL url = cl == null ? ClassLoader.getSystemResource(res) : cl.getResource(res);
            if (url != null) {
                String s = url.toString();
                int bang = s.lastIndexOf("!/");
                if (bang > 0) {
                    try (InputStream in = new URL(s.substring(0, bang + 2) + "META-INF/MANIFEST.MF").openStream()) {
                        Manifest mf = new Manifest(in);
                        symbolic = mf.getMainAttributes().getValue("Bundle-SymbolicName");
                        version = mf.getMainAttributes().getValue("Bundle-Version");
                        if (version == null) {
                            version = mf.getMainAttributes().getValue("Implementation-Version");
                        }
                    }
                }
            }
        } catch (Throwable ignored) {
            // no manifest reachable: fall back to names below
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
