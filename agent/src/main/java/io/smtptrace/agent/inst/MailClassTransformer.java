package io.smtptrace.agent.inst;

import io.smtptrace.agent.AgentLog;
import io.smtptrace.agent.hooks.MailLibrary;
import io.smtptrace.bootstrap.SmtpTraceBridge;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The only thing the agent puts on the class-loading path: a set lookup on the class name. Every other class of the
 * JVM passes untouched; the four mail classes go to the {@link Weaver}.
 */
public final class MailClassTransformer implements ClassFileTransformer {

    static final Set<String> TARGETS = Set.of(
            "com/sun/mail/smtp/SMTPTransport",
            "org/eclipse/angus/mail/smtp/SMTPTransport",
            "com/sun/mail/smtp/SMTPOutputStream",
            "org/eclipse/angus/mail/smtp/SMTPOutputStream");

    @Override
    public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain pd, byte[] bytes) {
        if (name == null || !TARGETS.contains(name)) {
            return null;
        }
        try {
            if (!seesBridge(loader)) {
                AgentLog.once("bridge:" + System.identityHashCode(loader), "class loader " + loader
                        + " does not delegate io.smtptrace.bootstrap.* to the boot loader; SMTP through "
                        + name.replace('/', '.') + " there is not traced");
                return null;
            }
            byte[] woven = Weaver.weave(name.replace('/', '.'), bytes);
            if (woven != null && name.endsWith("/SMTPTransport")) {
                MailLibrary.recordLocation(pd);
            }
            return woven;
        } catch (Throwable t) {
            AgentLog.once("error:" + name + "@" + System.identityHashCode(loader),
                    "could not instrument " + name.replace('/', '.') + " (" + t + "); SMTP through it is not traced");
            return null;
        }
    }

    /** The woven code calls the boot-loader bridge: only weave where it resolves to that very class. */
    private static boolean seesBridge(ClassLoader loader) {
        if (loader == null) {
            return true;
        }
        try {
            return Class.forName(SmtpTraceBridge.class.getName(), false, loader) == SmtpTraceBridge.class;
        } catch (Throwable t) {
            return false;
        }
    }

    /** Registers the transformer; after a dynamic attach, re-weaves the mail classes that are already loaded. */
    public static void install(Instrumentation inst, boolean attached) {
        inst.addTransformer(new MailClassTransformer(), true);
        if (!attached) {
            return;
        }
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (TARGETS.contains(c.getName().replace('.', '/')) && inst.isModifiableClass(c)) {
                loaded.add(c);
            }
        }
        if (!loaded.isEmpty()) {
            try {
                inst.retransformClasses(loaded.toArray(new Class<?>[0]));
            } catch (Throwable t) {
                AgentLog.info("could not instrument the mail classes already loaded (" + t + ")");
            }
        }
    }
}
