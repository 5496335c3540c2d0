package io.smtptrace.agent.it;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs MailClientApp inside class loaders an application server or launcher would use, in a forked JVM:
 * <ul>
 *   <li>{@code platform-parent}: a loader whose parent is the platform loader, so the agent jar is not visible;</li>
 *   <li>{@code child-first}: a servlet-container style web-application loader that looks at its own jars first;</li>
 *   <li>{@code two-copies}: two loaders, each with its own copy (and version) of the mail library, in one JVM.</li>
 * </ul>
 * Arguments: mode, then pairs of (class path, scenario file).
 */
public final class LoaderHarness {

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        for (int i = 1; i + 1 < args.length; i += 2) {
            URL[] urls = urls(args[i]);
            ClassLoader parent = mode.equals("child-first") ? ClassLoader.getSystemClassLoader()
                    : ClassLoader.getPlatformClassLoader();
            ClassLoader loader = mode.equals("child-first") ? new ChildFirstLoader(urls, parent)
                    : new URLClassLoader(urls, parent);
            Thread.currentThread().setContextClassLoader(loader);
            Class<?> app = Class.forName("io.smtptrace.testsupport.MailClientApp", true, loader);
            System.out.println("LOADER " + app.getClassLoader().getClass().getSimpleName() + " parent="
                    + (loader.getParent() == null ? "boot" : loader.getParent().getName()));
            Method main = app.getMethod("main", String[].class);
            main.invoke(null, (Object) new String[] {args[i + 1]});
        }
    }

    private static URL[] urls(String classPath) throws Exception {
        List<URL> out = new ArrayList<>();
        for (String p : classPath.split(File.pathSeparator)) {
            out.add(new File(p).toURI().toURL());
        }
        return out.toArray(new URL[0]);
    }

    /** Parent-last for everything but the JDK, like Tomcat's WebappClassLoader. */
    static final class ChildFirstLoader extends URLClassLoader {
        ChildFirstLoader(URL[] urls, ClassLoader parent) {
            super("webapp", urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && !name.startsWith("java.") && !name.startsWith("javax.net.")
                        && !name.startsWith("javax.security.")) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException ignored) {
                        // fall back to the parent
                    }
                }
                if (c == null) {
                    c = super.loadClass(name, false);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
