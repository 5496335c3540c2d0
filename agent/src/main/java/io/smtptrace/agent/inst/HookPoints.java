package io.smtptrace.agent.inst;

import java.util.List;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Which methods of the mail classes get which calls into {@code SmtpTraceBridge}. {@code SMTPTransport} (JavaMail
 * 1.4.7+, Jakarta Mail, Angus Mail): every command and reply passes {@code sendCommand(byte[])} and
 * {@code readServerResponse()}; the public calls around them delimit operations; {@code SMTPSSLTransport} inherits
 * all of these. {@code SMTPOutputStream} carries the message after 354 (and, via its BDAT subclass, CHUNKING) exactly
 * as the application's writer produced it; {@code write(byte[],int,int)} does not call {@code write(int)}, so nothing
 * counts twice.
 */
abstract class HookPoints {

    static final String BRIDGE = "io/smtptrace/bootstrap/SmtpTraceBridge";

    /** The calls around one method. Each one leaves the operand stack as it found it. */
    interface MethodHooks {
        default boolean hasEnter() {
            return false;
        }

        default void enter(Emit e) {
        }

        default boolean hasReturn() {
            return false;
        }

        /** @param ret local slot holding the return value, or -1 for a void method */
        default void returned(Emit e, int ret) {
        }

        default boolean hasThrow() {
            return false;
        }

        /** @param thrown local slot holding the exception, which is rethrown afterwards */
        default void thrown(Emit e, int thrown) {
        }
    }

    /**
     * One member a family's hooks rely on: a field they read, or a method they wrap. Name, descriptor (a regular
     * expression, for the javax/jakarta variants) and access: a method the hooks need private must be private (a
     * protected {@code sendCommand} could be overridden and called through super, or not be the one every command
     * passes). Optional members may be absent (bdat before JavaMail 1.6) but, when present, must match.
     */
    static final class Member {
        final boolean field;
        final String name;
        final java.util.regex.Pattern descriptor;
        final boolean mustBePrivate;
        final boolean optional;
        final MethodHooks hooks;

        private Member(boolean field, String name, String descriptor, boolean mustBePrivate, boolean optional,
                       MethodHooks hooks) {
            this.field = field;
            this.name = name;
            this.descriptor = java.util.regex.Pattern.compile(descriptor);
            this.mustBePrivate = mustBePrivate;
            this.optional = optional;
            this.hooks = hooks;
        }

        boolean matches(String n, String desc, int access) {
            return name.equals(n) && descriptor.matcher(desc).matches()
                    && (!mustBePrivate || (access & Opcodes.ACC_PRIVATE) != 0);
        }

        @Override
        public String toString() {
            return (field ? "field " : "method ") + (mustBePrivate ? "private " : "") + name
                    + (field ? " " : "") + descriptor.pattern().replace("\\", "");
        }
    }

    private static Member field(String name, String descriptor) {
        return new Member(true, name, descriptor, false, false, null);
    }

    private static Member method(String name, String descriptor, MethodHooks hooks) {
        return new Member(false, name, descriptor, false, false, hooks);
    }

    private static Member privateMethod(String name, String descriptor, MethodHooks hooks) {
        return new Member(false, name, descriptor, true, false, hooks);
    }

    private static Member optionalMethod(String name, String descriptor, MethodHooks hooks) {
        return new Member(false, name, descriptor, false, true, hooks);
    }

    /** Every member the family's hooks need; the one declaration both the shape check and the weaving read. */
    abstract List<Member> members();

    /** @return the hooks for this method, or null to leave it alone */
    final MethodHooks hooks(String name, String descriptor, int access) {
        for (Member m : members()) {
            if (!m.field && m.matches(name, descriptor, access)) {
                return m.hooks;
            }
        }
        return null;
    }

    /** protocolConnect, sendMessage, isConnected, close: one operation span each. */
    private static MethodHooks operation(String method) {
        return new MethodHooks() {
            @Override
            public boolean hasEnter() {
                return true;
            }

            @Override
            public void enter(Emit e) {
                e.self().constant(method).call("operationEnter", "(Ljava/lang/Object;Ljava/lang/String;)V");
            }

            @Override
            public boolean hasReturn() {
                return true;
            }

            @Override
            public void returned(Emit e, int ret) {
                exit(e.self().constant(method).nul());
            }

            @Override
            public boolean hasThrow() {
                return true;
            }

            @Override
            public void thrown(Emit e, int thrown) {
                exit(e.self().constant(method).object(thrown));
            }

            private void exit(Emit e) {
                e.call("operationExit", "(Ljava/lang/Object;Ljava/lang/String;Ljava/lang/Throwable;)V");
            }
        };
    }

    /** openServer(host, port), or openServer() for a socket the application handed over (host/port from it). */
    private static MethodHooks connect(boolean hostAndPort) {
        return new SocketEnd("connectEnd") {
            @Override
            public boolean hasEnter() {
                return true;
            }

            @Override
            public void enter(Emit e) {
                e.self();
                if (hostAndPort) {
                    e.object(1).integer(2);
                } else {
                    e.nul().constant(-1);
                }
                e.field("isSSL").call("connectStart", "(Ljava/lang/Object;Ljava/lang/String;IZ)V");
            }
        };
    }

    /** After the method, however it ended: the socket it left in serverSocket, and what it threw. */
    private static class SocketEnd implements MethodHooks {
        private final String bridgeMethod;

        SocketEnd(String bridgeMethod) {
            this.bridgeMethod = bridgeMethod;
        }

        @Override
        public boolean hasReturn() {
            return true;
        }

        @Override
        public void returned(Emit e, int ret) {
            e.self().field("serverSocket").nul().call(bridgeMethod, SOCKET_END);
        }

        @Override
        public boolean hasThrow() {
            return true;
        }

        @Override
        public void thrown(Emit e, int thrown) {
            e.self().field("serverSocket").object(thrown).call(bridgeMethod, SOCKET_END);
        }
    }

    private static final String SOCKET_END = "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Throwable;)V";
    private static final String REPLY = "(Ljava/lang/Object;ILjava/lang/String;Ljava/lang/Throwable;)V";

    private static final MethodHooks SEND_COMMAND = new MethodHooks() {
        @Override
        public boolean hasEnter() {
            return true;
        }

        @Override
        public void enter(Emit e) {
            e.self().object(1).call("command", "(Ljava/lang/Object;[B)V");
        }

        /** The command could not be written (the server is gone): that is its outcome, there will be no reply. */
        @Override
        public boolean hasThrow() {
            return true;
        }

        @Override
        public void thrown(Emit e, int thrown) {
            e.self().constant(0).nul().object(thrown).call("reply", REPLY);
        }
    };

    private static final MethodHooks READ_RESPONSE = new MethodHooks() {
        @Override
        public boolean hasReturn() {
            return true;
        }

        @Override
        public void returned(Emit e, int ret) {
            e.self().integer(ret).field("lastServerResponse").nul().call("reply", REPLY);
        }

        @Override
        public boolean hasThrow() {
            return true;
        }

        @Override
        public void thrown(Emit e, int thrown) {
            e.self().constant(0).field("lastServerResponse").object(thrown).call("reply", REPLY);
        }
    };

    private static final MethodHooks START_TLS = new SocketEnd("startTlsEnd");

    private static MethodHooks bodyStream(boolean bdat) {
        return new MethodHooks() {
            @Override
            public boolean hasReturn() {
                return true;
            }

            @Override
            public void returned(Emit e, int ret) {
                e.self().object(ret).constant(bdat ? 1 : 0)
                        .call("bodyStream", "(Ljava/lang/Object;Ljava/lang/Object;Z)V");
            }
        };
    }

    private static final MethodHooks CLOSE_CONNECTION = new MethodHooks() {
        @Override
        public boolean hasReturn() {
            return true;
        }

        @Override
        public void returned(Emit e, int ret) {
            e.self().call("connectionClosed", "(Ljava/lang/Object;)V");
        }

        @Override
        public boolean hasThrow() {
            return true;
        }

        @Override
        public void thrown(Emit e, int thrown) {
            returned(e, -1);
        }
    };

    private static final MethodHooks WRITE_ARRAY = new MethodHooks() {
        @Override
        public boolean hasEnter() {
            return true;
        }

        @Override
        public void enter(Emit e) {
            e.self().object(1).integer(2).integer(3).call("bodyWrite", "(Ljava/lang/Object;[BII)V");
        }
    };

    private static final MethodHooks WRITE_BYTE = new MethodHooks() {
        @Override
        public boolean hasEnter() {
            return true;
        }

        @Override
        public void enter(Emit e) {
            e.self().integer(1).call("bodyWrite", "(Ljava/lang/Object;I)V");
        }
    };

    // the families last: their member lists refer to the hooks above, which must be initialised first

    /** SMTPTransport of JavaMail 1.4.7+, Jakarta Mail 1.6/2.0, Angus Mail 1.x/2.x (one shape throughout). */
    static final HookPoints TRANSPORT = new HookPoints() {
        private final List<Member> members = List.of(
                field("lastServerResponse", "Ljava/lang/String;"),
                field("serverSocket", "Ljava/net/Socket;"),
                field("isSSL", "Z"),
                method("protocolConnect", "\\(Ljava/lang/String;ILjava/lang/String;Ljava/lang/String;\\)Z",
                        operation("protocolConnect")),
                method("sendMessage", "\\(L[^;]+;\\[L[^;]+;\\)V", operation("sendMessage")), // (Message, Address[])
                method("isConnected", "\\(\\)Z", operation("isConnected")),
                method("close", "\\(\\)V", operation("close")),
                method("openServer", "\\(Ljava/lang/String;I\\)V", connect(true)),
                method("openServer", "\\(\\)V", connect(false)),
                privateMethod("sendCommand", "\\(\\[B\\)V", SEND_COMMAND),
                method("readServerResponse", "\\(\\)I", READ_RESPONSE),
                method("startTLS", "\\(\\)V", START_TLS),
                method("data", "\\(\\)Ljava/io/OutputStream;", bodyStream(false)),
                optionalMethod("bdat", "\\(\\)Ljava/io/OutputStream;", bodyStream(true)),
                method("closeConnection", "\\(\\)V", CLOSE_CONNECTION));

        @Override
        List<Member> members() {
            return members;
        }
    };

    /** SMTPOutputStream (and its BDAT subclass, which inherits these). */
    static final HookPoints OUTPUT_STREAM = new HookPoints() {
        private final List<Member> members = List.of(
                method("write", "\\(\\[BII\\)V", WRITE_ARRAY),
                method("write", "\\(I\\)V", WRITE_BYTE));

        @Override
        List<Member> members() {
            return members;
        }
    };
}
