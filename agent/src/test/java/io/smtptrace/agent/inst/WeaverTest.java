package io.smtptrace.agent.inst;

import static org.assertj.core.api.Assertions.assertThat;

import io.smtptrace.bootstrap.SmtpTraceBridge;
import io.smtptrace.bootstrap.SmtpTraceHooks;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Weaves a stand-in transport, loads it (the JVM verifies it), and checks both what the hooks see and that the
 * application sees exactly what it sees without weaving: same results, same exceptions, its own handlers intact.
 */
@ResourceLock("io.smtptrace.bootstrap.SmtpTraceBridge") // one process-wide bridge
class WeaverTest {

    private final List<String> calls = new ArrayList<>();

    @AfterEach
    void uninstall() {
        SmtpTraceBridge.install(null);
    }

    @Test
    void hooksSeeTheConversationAndTheApplicationSeesNoDifference() throws Exception {
        SmtpTraceBridge.install(recorder(false));
        List<String> woven = scenario(load(true));
        List<String> plain = scenario(load(false));

        assertThat(woven).isEqualTo(plain);
        assertThat(calls).containsExactly(
                "enter protocolConnect",
                "connectStart flaky 25 true", "connectEnd null thrown=IllegalStateException",
                "connectStart flaky 25 true", "connectEnd socket thrown=null",
                "command AUTH bob", "reply 235 235 2.7.0 ok thrown=null",
                "exit protocolConnect thrown=null",
                "enter sendMessage", "command hello", "reply 235 235 2.7.0 ok thrown=null",
                "exit sendMessage thrown=null",
                "enter sendMessage", "command FAIL", "reply 0 null thrown=IOException",
                "exit sendMessage thrown=IOException",
                "reply 0 235 2.7.0 ok thrown=IOException",
                "startTlsEnd socket thrown=IOException",
                "bodyStream ByteArrayOutputStream false",
                "enter isConnected", "exit isConnected thrown=null",
                "enter close", "connectionClosed", "exit close thrown=null",
                "enter protocolConnect", "connectStart nowhere -1 true", "connectEnd null thrown=IOException",
                "exit protocolConnect thrown=IOException");
    }

    @Test
    void hooksThatThrowChangeNothing() throws Exception {
        SmtpTraceBridge.install(recorder(true));
        assertThat(scenario(load(true))).isEqualTo(scenario(load(false)));
        assertThat(calls).hasSize(28);
    }

    @Test
    void aClassWithoutTheNeededMembersIsLeftAlone() throws Exception {
        assertThat(Weaver.weave("x.SMTPTransport", bytes(FakeTransport.class), HookPoints.TRANSPORT)).isNotNull();
        assertThat(Weaver.weave("x.SMTPTransport", bytes(WeaverTest.class), HookPoints.TRANSPORT)).isNull();
    }

    /**
     * The woven call itself throws (not the bridge's own guarded code): in a loader that cannot resolve the bridge,
     * every inserted {@code invokestatic} fails with NoClassDefFoundError. Only the woven try/catch around each call
     * keeps the application's results and exceptions as they are; without it (tried: HookingMethodVisitor.guarded
     * emitting the call bare) this test fails at the first call.
     */
    @Test
    void aHookCallThatThrowsChangesNothing() throws Exception {
        ClassLoader noBridge = ClassLoader.getPlatformClassLoader();
        assertThat(loadIn(true, noBridge).getClassLoader().getParent()).isSameAs(noBridge);
        assertThat(scenario(loadIn(true, noBridge))).isEqualTo(scenario(loadIn(false, noBridge)));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> Class.forName(SmtpTraceBridge.class.getName(), false, loadIn(true, noBridge).getClassLoader()))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    @ResourceLock(org.junit.jupiter.api.parallel.Resources.SYSTEM_ERR)
    void aWidenedSendCommandLeavesTheWholeClassUnwovenWithOneLine() throws Exception {
        byte[] widened = alter(bytes(FakeTransport.class), "sendCommand", "([B)V", Opcodes.ACC_PROTECTED);
        String said = io.smtptrace.agent.EntryClassTest.stderrOf(() -> assertThat(
                Weaver.weave("widened.SMTPTransport", widened, HookPoints.TRANSPORT)).isNull());
        assertThat(said.lines()).singleElement().asString()
                .contains("widened.SMTPTransport", "method private sendCommand([B)V (found protected)",
                        "not traced");
    }

    @Test
    @ResourceLock(org.junit.jupiter.api.parallel.Resources.SYSTEM_ERR)
    void aMissingDataMethodLeavesTheWholeClassUnwovenWithOneLine() throws Exception {
        byte[] noData = alter(bytes(FakeTransport.class), "data", "()Ljava/io/OutputStream;", -1);
        String said = io.smtptrace.agent.EntryClassTest.stderrOf(() -> assertThat(
                Weaver.weave("nodata.SMTPTransport", noData, HookPoints.TRANSPORT)).isNull());
        assertThat(said.lines()).singleElement().asString()
                .contains("nodata.SMTPTransport", "method data()Ljava/io/OutputStream;")
                .doesNotContain("sendCommand");
        // bdat is optional: JavaMail before 1.6 (and this stand-in) has none
        byte[] noBdat = alter(bytes(FakeTransport.class), "bdat", "()Ljava/io/OutputStream;", -1);
        assertThat(Weaver.weave("nobdat.SMTPTransport", noBdat, HookPoints.TRANSPORT)).isNotNull();
    }

    @Test
    void theRealLibrariesMatchTheDeclaration() throws Exception {
        // javax.mail 1.6.2 is on the test class path: its transport and stream must be woven, not skipped
        assertThat(Weaver.weave("com.sun.mail.smtp.SMTPTransport",
                bytes(Class.forName("com.sun.mail.smtp.SMTPTransport", false, getClass().getClassLoader())),
                HookPoints.TRANSPORT)).isNotNull();
        assertThat(Weaver.weave("com.sun.mail.smtp.SMTPOutputStream",
                bytes(Class.forName("com.sun.mail.smtp.SMTPOutputStream", false, getClass().getClassLoader())),
                HookPoints.OUTPUT_STREAM)).isNotNull();
    }

    /** The class with one method's access changed, or (access -1) the method removed. */
    private static byte[] alter(byte[] original, String name, String desc, int access) {
        ClassReader r = new ClassReader(original);
        ClassWriter w = new ClassWriter(0);
        r.accept(new ClassVisitor(Opcodes.ASM9, w) {
            @Override
            public MethodVisitor visitMethod(int acc, String n, String d, String sig, String[] ex) {
                if (n.equals(name) && d.equals(desc)) {
                    if (access < 0) {
                        return null;
                    }
                    acc = (acc & ~(Opcodes.ACC_PRIVATE | Opcodes.ACC_PROTECTED | Opcodes.ACC_PUBLIC)) | access;
                }
                return super.visitMethod(acc, n, d, sig, ex);
            }
        }, 0);
        return w.toByteArray();
    }

    /** What the application observes: each call's result or exception, in order. */
    private static List<String> scenario(Class<?> c) throws Exception {
        Object t = c.getConstructor().newInstance();
        List<String> seen = new ArrayList<>();
        seen.add(call(t, "protocolConnect", "flaky", 25, "bob", "pw"));
        seen.add(call(t, "sendMessage", "hello", new Object[0]));
        seen.add(call(t, "sendMessage", "FAIL", new Object[0]));
        c.getMethod("failRead").invoke(t);
        seen.add(call(t, "readServerResponse"));
        seen.add(call(t, "startTLS"));
        seen.add(call(t, "data"));
        seen.add(call(t, "isConnected"));
        seen.add(call(t, "close"));
        seen.add(call(t, "protocolConnect", "nowhere", -1, "bob", "pw"));
        seen.add(c.getField("log").get(t).toString());
        return seen;
    }

    private static String call(Object target, String name, Object... args) throws Exception {
        for (Method m : target.getClass().getDeclaredMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                m.setAccessible(true);
                try {
                    Object r = m.invoke(target, args);
                    return name + " -> " + (r == null ? null : r.getClass().getSimpleName() + ":"
                            + (r instanceof Boolean || r instanceof Integer ? r : ""));
                } catch (InvocationTargetException e) {
                    return name + " threw " + e.getCause();
                }
            }
        }
        throw new AssertionError(name);
    }

    private static byte[] bytes(Class<?> c) throws Exception {
        try (InputStream in = c.getClassLoader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    private static Class<?> load(boolean weave) throws Exception {
        return loadIn(weave, WeaverTest.class.getClassLoader());
    }

    private static Class<?> loadIn(boolean weave, ClassLoader parent) throws Exception {
        String name = FakeTransport.class.getName();
        byte[] original = bytes(FakeTransport.class);
        byte[] b = weave ? Weaver.weave(name, original, HookPoints.TRANSPORT) : original;
        assertThat(b).isNotNull();
        ClassLoader loader = new ClassLoader(parent) {
            @Override
            protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
                if (n.equals(name)) {
                    synchronized (getClassLoadingLock(n)) {
                        Class<?> c = findLoadedClass(n);
                        return c != null ? c : defineClass(n, b, 0, b.length);
                    }
                }
                return super.loadClass(n, resolve);
            }
        };
        return Class.forName(name, true, loader);
    }

    private SmtpTraceHooks recorder(boolean fail) {
        return new SmtpTraceHooks() {
            private void rec(String s) {
                calls.add(s);
                if (fail) {
                    throw new IllegalStateException("hook failure must not reach the application");
                }
            }

            private String t(Throwable t) {
                return " thrown=" + (t == null ? null : t.getClass().getSimpleName());
            }

            @Override
            public void operationEnter(Object transport, String kind) {
                rec("enter " + kind);
            }

            @Override
            public void operationExit(Object transport, String kind, Throwable thrown) {
                rec("exit " + kind + t(thrown));
            }

            @Override
            public void connectStart(Object transport, String host, int port, boolean ssl) {
                rec("connectStart " + host + " " + port + " " + ssl);
            }

            @Override
            public void connectEnd(Object transport, Object socket, Throwable thrown) {
                rec("connectEnd " + (socket == null ? null : "socket") + t(thrown));
            }

            @Override
            public void command(Object transport, byte[] line) {
                rec("command " + new String(line));
            }

            @Override
            public void reply(Object transport, int code, String text, Throwable thrown) {
                rec("reply " + code + " " + text + t(thrown));
            }

            @Override
            public void startTlsEnd(Object transport, Object socket, Throwable thrown) {
                rec("startTlsEnd " + (socket == null ? null : "socket") + t(thrown));
            }

            @Override
            public void bodyStream(Object transport, Object stream, boolean bdat) {
                rec("bodyStream " + stream.getClass().getSimpleName() + " " + bdat);
            }

            @Override
            public void bodyWrite(Object stream, byte[] bytes, int off, int len) {
                rec("write " + len);
            }

            @Override
            public void bodyWrite(Object stream, int b) {
                rec("write 1");
            }

            @Override
            public void connectionClosed(Object transport) {
                rec("connectionClosed");
            }
        };
    }
}
