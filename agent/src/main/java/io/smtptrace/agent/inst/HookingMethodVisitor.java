package io.smtptrace.agent.inst;

import io.smtptrace.agent.inst.HookPoints.MethodHooks;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Inlines the bridge calls of one method, in the shape Byte Buddy's advice has:
 * <pre>
 *   try { enter } catch (Throwable ignored) {}
 *   try { original body, each return jumping to EXIT with its value in slot R }
 *   catch (Throwable t) { try { thrown(t) } catch (Throwable ignored) {} throw t; }
 *   EXIT: try { returned(R) } catch (Throwable ignored) {} return R;
 * </pre>
 * Every inserted call is guarded, so nothing the hooks do can reach the application; the original exception handlers
 * keep precedence (ours is registered after theirs). The stack map frames it adds sit only before the original code
 * (equal to the method's initial frame, so the original compressed frames stay valid) and after it. R and t live in
 * slots past the method's own.
 */
final class HookingMethodVisitor extends MethodVisitor {

    private static final String THROWABLE = "java/lang/Throwable";
    private static final Object[] NO_STACK = {};
    private static final Object[] THROWABLE_STACK = {THROWABLE};

    private final MethodHooks hooks;
    private final ClassShape shape;
    private final boolean frames;
    private final int firstFree;
    private final Type returnType;
    private final Object[] initialLocals;
    private final Label bodyStart = new Label();
    private final Label bodyEnd = new Label();
    private final Label onThrow = new Label();
    private final Label exit = new Label();
    private boolean begun;

    HookingMethodVisitor(MethodVisitor next, MethodHooks hooks, ClassShape shape, String descriptor, int maxLocals) {
        super(Opcodes.ASM9, next);
        this.hooks = hooks;
        this.shape = shape;
        this.frames = shape.version >= Opcodes.V1_6; // older class files have no stack map frames
        this.firstFree = maxLocals;
        this.returnType = Type.getReturnType(descriptor);
        List<Object> locals = new ArrayList<>();
        locals.add(shape.internalName);
        for (Type t : Type.getArgumentTypes(descriptor)) {
            locals.add(frameType(t));
        }
        this.initialLocals = locals.toArray();
    }

    /** Runs once, before the first instruction, after the method's own exception handlers were declared. */
    private void begin() {
        if (begun) {
            return;
        }
        begun = true;
        if (hooks.hasEnter()) {
            guarded(ENTER, -1, initialLocals);
        }
        if (hooks.hasThrow()) {
            super.visitTryCatchBlock(bodyStart, bodyEnd, onThrow, THROWABLE);
        }
        super.visitLabel(bodyStart);
    }

    private static final int ENTER = 0;
    private static final int RETURNED = 1;
    private static final int THROWN = 2;

    /**
     * try { hook } catch (Throwable ignored) {}, with the locals the frames declare at that point. (A switch, not a
     * lambda: this runs on the application's first send, where the first lambda of a JVM costs ~10 ms.)
     */
    private void guarded(int which, int slot, Object[] locals) {
        Label start = new Label();
        Label end = new Label();
        Label handler = new Label();
        Label after = new Label();
        super.visitTryCatchBlock(start, end, handler, THROWABLE);
        super.visitLabel(start);
        Emit e = new Emit(mv, shape);
        if (which == ENTER) {
            hooks.enter(e);
        } else if (which == RETURNED) {
            hooks.returned(e, slot);
        } else {
            hooks.thrown(e, slot);
        }
        super.visitLabel(end);
        super.visitJumpInsn(Opcodes.GOTO, after);
        super.visitLabel(handler);
        frame(locals, THROWABLE_STACK);
        super.visitInsn(Opcodes.POP);
        super.visitLabel(after);
        frame(locals, NO_STACK);
        super.visitInsn(Opcodes.NOP); // keeps the next frame (the original method's) at a later offset
    }

    private void frame(Object[] locals, Object[] stack) {
        if (frames) {
            super.visitFrame(Opcodes.F_FULL, locals.length, locals, stack.length, stack);
        }
    }

    /** The initial locals, TOP up to {@code slot}, then {@code type} in it. */
    private Object[] localsWith(int slot, Object type) {
        List<Object> locals = new ArrayList<>(List.of(initialLocals));
        int used = 0;
        for (Object o : initialLocals) {
            used += o == Opcodes.LONG || o == Opcodes.DOUBLE ? 2 : 1;
        }
        for (; used < slot; used++) {
            locals.add(Opcodes.TOP);
        }
        locals.add(type);
        return locals.toArray();
    }

    private static Object frameType(Type t) {
        switch (t.getSort()) {
            case Type.BOOLEAN:
            case Type.BYTE:
            case Type.CHAR:
            case Type.SHORT:
            case Type.INT:
                return Opcodes.INTEGER;
            case Type.LONG:
                return Opcodes.LONG;
            case Type.FLOAT:
                return Opcodes.FLOAT;
            case Type.DOUBLE:
                return Opcodes.DOUBLE;
            default:
                return t.getSort() == Type.ARRAY ? t.getDescriptor() : t.getInternalName();
        }
    }

    @Override
    public void visitInsn(int opcode) {
        begin();
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN && hooks.hasReturn()) {
            if (opcode != Opcodes.RETURN) {
                super.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), firstFree);
            }
            super.visitJumpInsn(Opcodes.GOTO, exit);
            return;
        }
        super.visitInsn(opcode);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        begin();
        super.visitLabel(bodyEnd);
        if (hooks.hasReturn()) {
            boolean isVoid = returnType.getSort() == Type.VOID;
            Object[] locals = isVoid ? initialLocals : localsWith(firstFree, frameType(returnType));
            super.visitLabel(exit);
            frame(locals, NO_STACK);
            guarded(RETURNED, isVoid ? -1 : firstFree, locals);
            if (isVoid) {
                super.visitInsn(Opcodes.RETURN);
            } else {
                super.visitVarInsn(returnType.getOpcode(Opcodes.ILOAD), firstFree);
                super.visitInsn(returnType.getOpcode(Opcodes.IRETURN));
            }
        }
        if (hooks.hasThrow()) {
            int slot = firstFree + 2;
            Object[] locals = localsWith(slot, THROWABLE);
            super.visitLabel(onThrow);
            frame(initialLocals, THROWABLE_STACK);
            super.visitVarInsn(Opcodes.ASTORE, slot);
            guarded(THROWN, slot, locals);
            super.visitVarInsn(Opcodes.ALOAD, slot);
            super.visitInsn(Opcodes.ATHROW);
        }
        super.visitMaxs(maxStack, maxLocals); // recomputed by the writer (COMPUTE_MAXS)
    }

    // Any first instruction starts the hooked body.

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        begin();
        super.visitFrame(type, numLocal, local, numStack, stack);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        begin();
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
        begin();
        super.visitVarInsn(opcode, varIndex);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        begin();
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        begin();
        super.visitFieldInsn(opcode, owner, name, descriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        begin();
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bsm, Object... bsmArgs) {
        begin();
        super.visitInvokeDynamicInsn(name, descriptor, bsm, bsmArgs);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        begin();
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLabel(Label label) {
        begin();
        super.visitLabel(label);
    }

    @Override
    public void visitLdcInsn(Object value) {
        begin();
        super.visitLdcInsn(value);
    }

    @Override
    public void visitIincInsn(int varIndex, int increment) {
        begin();
        super.visitIincInsn(varIndex, increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        begin();
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        begin();
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        begin();
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
    }
}
