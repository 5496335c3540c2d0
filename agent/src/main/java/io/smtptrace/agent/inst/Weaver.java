package io.smtptrace.agent.inst;

import io.smtptrace.agent.AgentLog;
import io.smtptrace.agent.inst.SmtpTransportInstrumentation.BdatAdvice;
import io.smtptrace.agent.inst.SmtpTransportInstrumentation.CloseConnectionAdvice;
import io.smtptrace.agent.inst.SmtpTransportInstrumentation.DataAdvice;
import io.smtptrace.agent.inst.SmtpTransportInstrumentation.OpenServerAdvice;
import io.smtptrace.agent.inst.SmtpTransportInstrumentation.OpenServerSocketAdvice;
import io.smtptrace.agent.inst.SmtpTransportInstrumentation.OperationAdvice;
import io.smtptrace.agent.inst.SmtpTransportInstrumentation.ReadResponseAdvice;
import io.smtptrace.agent.inst.SmtpTransportInstrumentation.SendCommandAdvice;
import io.smtptrace.agent.inst.SmtpTransportInstrumentation.StartTlsAdvice;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;

/**
 * Inlines the advice into one mail class, given its bytes. Built once, on first need (or by the warm-up thread): it is
 * what pulls in most of Byte Buddy, which a JVM that never sends mail should not pay for.
 */
public final class Weaver {

    private final ByteBuddy byteBuddy = new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(Implementation.Context.Disabled.Factory.INSTANCE);
    private final List<AsmVisitorWrapper> transport;
    private final List<AsmVisitorWrapper> stream;

    private Weaver() {
        ClassFileLocator agent = ClassFileLocator.ForClassLoader.of(Weaver.class.getClassLoader());
        transport = List.of(
                Advice.to(OperationAdvice.class, agent).on(SmtpTransportInstrumentation.OPERATIONS),
                Advice.to(OpenServerAdvice.class, agent).on(SmtpTransportInstrumentation.OPEN_SERVER_HOST_PORT),
                Advice.to(OpenServerSocketAdvice.class, agent).on(SmtpTransportInstrumentation.OPEN_SERVER_SOCKET),
                Advice.to(SendCommandAdvice.class, agent).on(SmtpTransportInstrumentation.SEND_COMMAND),
                Advice.to(ReadResponseAdvice.class, agent).on(SmtpTransportInstrumentation.READ_RESPONSE),
                Advice.to(StartTlsAdvice.class, agent).on(SmtpTransportInstrumentation.START_TLS),
                Advice.to(DataAdvice.class, agent).on(SmtpTransportInstrumentation.DATA),
                Advice.to(BdatAdvice.class, agent).on(SmtpTransportInstrumentation.BDAT),
                Advice.to(CloseConnectionAdvice.class, agent).on(SmtpTransportInstrumentation.CLOSE_CONNECTION));
        stream = List.of(
                Advice.to(SmtpOutputStreamInstrumentation.WriteArrayAdvice.class, agent)
                        .on(SmtpOutputStreamInstrumentation.WRITE_ARRAY),
                Advice.to(SmtpOutputStreamInstrumentation.WriteByteAdvice.class, agent)
                        .on(SmtpOutputStreamInstrumentation.WRITE_BYTE));
    }

    private static final class Holder {
        static final Weaver INSTANCE = new Weaver();
    }

    public static Weaver get() {
        return Holder.INSTANCE;
    }

    /** Loads and exercises the weaving code on a stand-in class, off the application's threads. */
    public static void warmUp() throws java.io.IOException {
        String name = WarmUpTarget.class.getName();
        byte[] bytes;
        try (java.io.InputStream in = Weaver.class.getClassLoader()
                .getResourceAsStream(name.replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        get().weave(Weaver.class.getClassLoader(), name, bytes, true);
    }

    /**
     * @return the woven class, or null to leave it as it is (a version we cannot handle)
     */
    public byte[] weave(ClassLoader loader, String className, byte[] bytes) {
        return weave(loader, className, bytes, className.endsWith(".SMTPTransport"));
    }

    private byte[] weave(ClassLoader loader, String className, byte[] bytes, boolean isTransport) {
        long start = System.nanoTime();
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(className, bytes),
                ClassFileLocator.ForClassLoader.of(loader));
        TypeDescription type = TypePool.Default.WithLazyResolution.of(locator).describe(className).resolve();
        List<AsmVisitorWrapper> visitors;
        if (isTransport) {
            List<String> missing = SmtpTransportInstrumentation.missingMembers(type);
            if (!missing.isEmpty()) {
                AgentLog.once("unsupported:" + className + "@" + System.identityHashCode(loader), className
                        + " is a version smtp-trace cannot handle (missing " + missing
                        + "); SMTP through it is not traced");
                return null;
            }
            visitors = transport;
        } else {
            visitors = stream;
        }
        DynamicType.Builder<?> b = byteBuddy.decorate(type, locator);
        for (AsmVisitorWrapper v : visitors) {
            b = b.visit(v);
        }
        byte[] woven = b.make().getBytes();
        AgentLog.debug("instrumented " + className + " in " + loader + " ("
                + (System.nanoTime() - start) / 1_000_000 + " ms)");
        return woven;
    }
}
