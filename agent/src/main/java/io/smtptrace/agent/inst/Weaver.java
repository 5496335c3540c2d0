package io.smtptrace.agent.inst;

import io.smtptrace.agent.AgentLog;
import io.smtptrace.agent.inst.HookPoints.MethodHooks;
import java.util.List;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Inlines the bridge calls into one mail class, given its bytes, with plain ASM visitors (Byte Buddy's repackaged
 * ASM): two passes over one class and no type resolution, so even the first class is woven in tens of milliseconds
 * on cold code, on the thread that loads it. (A background warm-up measured slower: on two cores it competes with
 * the application's own start. Byte Buddy's {@code Advice} did the same job but pulled in hundreds of classes on the
 * application's first send: about half a second of start-up.)
 */
public final class Weaver {

    private Weaver() {
    }

    /**
     * @return the woven class, or null to leave it as it is (a version we cannot handle)
     */
    public static byte[] weave(String className, byte[] bytes) {
        return weave(className, bytes,
                className.endsWith(".SMTPTransport") ? HookPoints.TRANSPORT : HookPoints.OUTPUT_STREAM);
    }

    static byte[] weave(String className, byte[] bytes, HookPoints points) {
        long start = System.nanoTime();
        ClassReader reader = new ClassReader(bytes);
        ClassShape shape = ClassShape.read(reader, points);
        // all or nothing: a class missing one member the hooks need is not woven at all (half a capture would
        // look like a complete one)
        List<String> missing = shape.missing(points);
        if (!missing.isEmpty()) {
            AgentLog.once("unsupported:" + className, className + " is a version smtp-trace cannot handle (needs "
                    + String.join("; ", missing) + "); SMTP through it is not traced");
            return null;
        }
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                MethodHooks hooks = ClassShape.hookable(access) ? points.hooks(name, descriptor, access) : null;
                if (hooks == null || next == null) {
                    return next;
                }
                return new HookingMethodVisitor(next, hooks, shape, descriptor,
                        shape.maxLocals.get(name + descriptor));
            }
        }, 0);
        byte[] woven = writer.toByteArray();
        AgentLog.debug("instrumented " + className + " (" + (System.nanoTime() - start) / 1_000_000 + " ms)");
        return woven;
    }
}
