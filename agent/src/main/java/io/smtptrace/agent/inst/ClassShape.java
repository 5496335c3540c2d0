package io.smtptrace.agent.inst;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * A first, read-only pass over a mail class: its class-file version, its fields, and how many local slots each method
 * to be hooked uses (the hooks keep the return value and the exception in slots after those).
 */
final class ClassShape {

    final String internalName;
    final int version;
    final Map<String, String> fields = new HashMap<>();
    /** "name+descriptor" of every concrete instance method, to its max locals (-1 until read). */
    final Map<String, Integer> maxLocals = new HashMap<>();

    private ClassShape(String internalName, int version) {
        this.internalName = internalName;
        this.version = version;
    }

    static ClassShape read(ClassReader reader, HookPoints points) {
        ClassShape[] out = new ClassShape[1];
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                out[0] = new ClassShape(name, version & 0xFFFF);
            }

            @Override
            public net.bytebuddy.jar.asm.FieldVisitor visitField(int access, String name, String descriptor,
                                                                 String signature, Object value) {
                if ((access & Opcodes.ACC_STATIC) == 0) {
                    out[0].fields.put(name, descriptor);
                }
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                if (!hookable(access)) {
                    return null;
                }
                String key = name + descriptor;
                out[0].maxLocals.put(key, -1);
                if (points.hooks(name, descriptor, access) == null) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMaxs(int maxStack, int locals) {
                        out[0].maxLocals.put(key, locals);
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return out[0];
    }

    static boolean hookable(int access) {
        return (access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0;
    }

    boolean hasField(String name, String descriptor) {
        String d = fields.get(name);
        return d != null && (descriptor == null ? d.startsWith("L") : d.equals(descriptor));
    }

    boolean hasMethod(String name, String descriptorPrefix) {
        for (String m : maxLocals.keySet()) {
            if (m.startsWith(name + descriptorPrefix)) {
                return true;
            }
        }
        return false;
    }

    /** What SMTPTransport must have for the hooks to be correct; a version without it is left alone. */
    List<String> missingTransportMembers() {
        List<String> missing = new ArrayList<>();
        if (!hasField("lastServerResponse", "Ljava/lang/String;")) {
            missing.add("field lastServerResponse");
        }
        if (!hasField("serverSocket", null)) {
            missing.add("field serverSocket");
        }
        if (!hasField("isSSL", "Z")) {
            missing.add("field isSSL");
        }
        require("sendCommand", "([B)", "sendCommand(byte[])", missing);
        require("readServerResponse", "()I", "readServerResponse()", missing);
        require("openServer", "(Ljava/lang/String;I)", "openServer(String,int)", missing);
        require("closeConnection", "()", "closeConnection()", missing);
        require("sendMessage", "(", "sendMessage(Message,Address[])", missing);
        return missing;
    }

    private void require(String name, String prefix, String what, List<String> missing) {
        if (!hasMethod(name, prefix)) {
            missing.add(what);
        }
    }
}
