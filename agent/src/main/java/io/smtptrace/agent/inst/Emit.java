package io.smtptrace.agent.inst;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/** Pushes the arguments of one bridge call and makes it; fields are read with the descriptors the class declares. */
final class Emit {

    private final MethodVisitor mv;
    private final ClassShape shape;

    Emit(MethodVisitor mv, ClassShape shape) {
        this.mv = mv;
        this.shape = shape;
    }

    Emit self() {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        return this;
    }

    Emit object(int slot) {
        mv.visitVarInsn(Opcodes.ALOAD, slot);
        return this;
    }

    Emit integer(int slot) {
        mv.visitVarInsn(Opcodes.ILOAD, slot);
        return this;
    }

    Emit nul() {
        mv.visitInsn(Opcodes.ACONST_NULL);
        return this;
    }

    Emit constant(String s) {
        mv.visitLdcInsn(s);
        return this;
    }

    Emit constant(int v) {
        if (v >= -1 && v <= 5) {
            mv.visitInsn(Opcodes.ICONST_0 + v);
        } else {
            mv.visitIntInsn(Opcodes.BIPUSH, v);
        }
        return this;
    }

    /** Pushes this.name (the field's presence and type were checked before weaving). */
    Emit field(String name) {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, shape.internalName, name, shape.fields.get(name));
        return this;
    }

    void call(String method, String descriptor) {
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, HookPoints.BRIDGE, method, descriptor, false);
    }
}
