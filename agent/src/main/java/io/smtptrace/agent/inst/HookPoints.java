package io.smtptrace.agent.inst;

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

    /** @return the hooks for this method, or null to leave it alone */
    abstract MethodHooks hooks(String name, String descriptor, int access);

    static final HookPoints TRANSPORT = new HookPoints() {
        @Override
        MethodHooks hooks(String name, String desc, int access) {
            int args = net.bytebuddy.jar.asm.Type.getArgumentTypes(desc).length;
            switch (name) {
                case "protocolConnect":
                    return args == 4 ? operation(name) : null;
                case "sendMessage":
                    return args == 2 ? operation(name) : null;
                case "isConnected":
                case "close":
                    return args == 0 ? operation(name) : null;
                case "openServer":
                    if (desc.startsWith("(Ljava/lang/String;I)")) {
                        return connect(true);
                    }
                    return args == 0 ? connect(false) : null;
                case "sendCommand":
                    return desc.startsWith("([B)") && (access & Opcodes.ACC_PRIVATE) != 0 ? SEND_COMMAND : null;
                case "readServerResponse":
                    return desc.equals("()I") ? READ_RESPONSE : null;
                case "startTLS":
                    return args == 0 ? START_TLS : null;
                case "data":
                    return desc.startsWith("()L") ? bodyStream(false) : null;
                case "bdat":
                    return desc.startsWith("()L") ? bodyStream(true) : null;
                case "closeConnection":
                    return args == 0 ? CLOSE_CONNECTION : null;
                default:
                    return null;
            }
        }
    };

    static final HookPoints OUTPUT_STREAM = new HookPoints() {
        @Override
        MethodHooks hooks(String name, String desc, int access) {
            if (!name.equals("write")) {
                return null;
            }
            if (desc.equals("([BII)V")) {
                return WRITE_ARRAY;
            }
            return desc.equals("(I)V") ? WRITE_BYTE : null;
        }
    };

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
}
