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
    /** "name+descriptor" of every concrete instance method, to its access flags. */
    final Map<String, Integer> access = new HashMap<>();

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
                out[0].access.put(key, access);
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

    /**
     * What the family's declaration ({@link HookPoints#members}) asks for and this class does not have, one entry per
     * member, e.g. {@code method private sendCommand([B)V (found protected)}. Empty: the class can be woven.
     */
    List<String> missing(HookPoints points) {
        List<String> missing = new ArrayList<>();
        for (HookPoints.Member m : points.members()) {
            if (m.field) {
                String d = fields.get(m.name);
                if (d == null || !m.descriptor.matcher(d).matches()) {
                    missing.add(m + (d == null ? "" : " (found " + d + ")"));
                }
                continue;
            }
            boolean found = false;
            Integer wrongAccess = null;
            boolean named = false;
            for (Map.Entry<String, Integer> e : access.entrySet()) {
                String key = e.getKey();
                int paren = key.indexOf('(');
                String name = key.substring(0, paren);
                if (!name.equals(m.name)) {
                    continue;
                }
                named = true;
                if (m.descriptor.matcher(key.substring(paren)).matches()) {
                    if (m.matches(name, key.substring(paren), e.getValue())) {
                        found = true;
                    } else {
                        wrongAccess = e.getValue();
                    }
                }
            }
            if (!found && !(m.optional && !named)) {
                missing.add(m + (wrongAccess != null ? " (found " + accessName(wrongAccess) + ")" : ""));
            }
        }
        return missing;
    }

    private static String accessName(int access) {
        if ((access & Opcodes.ACC_PUBLIC) != 0) {
            return "public";
        }
        if ((access & Opcodes.ACC_PROTECTED) != 0) {
            return "protected";
        }
        return (access & Opcodes.ACC_PRIVATE) != 0 ? "private" : "package-private";
    }
}
