package io.smtptrace.agent.inst;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.smtptrace.bootstrap.SmtpTraceBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.ArrayList;
import java.util.List;

/**
 * Hooks {@code SMTPTransport} of JavaMail 1.4.7+, Jakarta Mail and Angus Mail (both packages). Every command and
 * reply passes {@code sendCommand(byte[])} and {@code readServerResponse()}; the public calls around them delimit
 * operations. {@code SMTPSSLTransport} inherits all of these, so it needs nothing of its own.
 */
public final class SmtpTransportInstrumentation {

    private SmtpTransportInstrumentation() {
    }

    /** What a version must have for the advice to be correct; a version without it is left alone. */
    public static List<String> missingMembers(TypeDescription type) {
        List<String> missing = new ArrayList<>();
        requireField(type, "lastServerResponse", missing);
        requireField(type, "serverSocket", missing);
        requireField(type, "isSSL", missing);
        requireMethod(type, SEND_COMMAND, "sendCommand(byte[])", missing);
        requireMethod(type, READ_RESPONSE, "readServerResponse()", missing);
        requireMethod(type, OPEN_SERVER_HOST_PORT, "openServer(String,int)", missing);
        requireMethod(type, CLOSE_CONNECTION, "closeConnection()", missing);
        requireMethod(type, SEND_MESSAGE, "sendMessage(Message,Address[])", missing);
        return missing;
    }

    private static void requireField(TypeDescription type, String name, List<String> missing) {
        if (type.getDeclaredFields().filter(named(name)).isEmpty()) {
            missing.add("field " + name);
        }
    }

    private static void requireMethod(TypeDescription type, ElementMatcher<? super MethodDescription> m, String what,
                                      List<String> missing) {
        if (type.getDeclaredMethods().filter(m).isEmpty()) {
            missing.add(what);
        }
    }

    public static final ElementMatcher.Junction<MethodDescription> OPERATIONS =
            named("protocolConnect").and(takesArguments(4))
                    .or(named("sendMessage").and(takesArguments(2)))
                    .or(named("isConnected").and(takesArguments(0)))
                    .or(named("close").and(takesArguments(0)));
    public static final ElementMatcher.Junction<MethodDescription> OPEN_SERVER_HOST_PORT =
            named("openServer").and(takesArguments(2)).and(takesArgument(0, String.class));
    public static final ElementMatcher.Junction<MethodDescription> OPEN_SERVER_SOCKET =
            named("openServer").and(takesArguments(0));
    public static final ElementMatcher.Junction<MethodDescription> SEND_COMMAND =
            named("sendCommand").and(takesArguments(byte[].class)).and(isPrivate());
    public static final ElementMatcher.Junction<MethodDescription> READ_RESPONSE =
            named("readServerResponse").and(takesArguments(0)).and(returns(int.class));
    public static final ElementMatcher.Junction<MethodDescription> START_TLS =
            named("startTLS").and(takesArguments(0));
    public static final ElementMatcher.Junction<MethodDescription> DATA =
            named("data").and(takesArguments(0));
    public static final ElementMatcher.Junction<MethodDescription> BDAT =
            named("bdat").and(takesArguments(0));
    public static final ElementMatcher.Junction<MethodDescription> CLOSE_CONNECTION =
            named("closeConnection").and(takesArguments(0));
    public static final ElementMatcher.Junction<MethodDescription> SEND_MESSAGE =
            named("sendMessage").and(takesArguments(2));

    /** protocolConnect, sendMessage, isConnected, close: one operation span each. */
    public static final class OperationAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object transport, @Advice.Origin("#m") String method) {
            SmtpTraceBridge.operationEnter(transport, method);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object transport, @Advice.Origin("#m") String method,
                         @Advice.Thrown Throwable thrown) {
            SmtpTraceBridge.operationExit(transport, method, thrown);
        }
    }

    public static final class OpenServerAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object transport, @Advice.Argument(0) String host,
                          @Advice.Argument(1) int port, @Advice.FieldValue("isSSL") boolean ssl) {
            SmtpTraceBridge.connectStart(transport, host, port, ssl);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object transport, @Advice.FieldValue("serverSocket") Object socket,
                         @Advice.Thrown Throwable thrown) {
            SmtpTraceBridge.connectEnd(transport, socket, thrown);
        }
    }

    /** The application handed the transport a connected socket (rare): host and port come from the socket. */
    public static final class OpenServerSocketAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object transport, @Advice.FieldValue("isSSL") boolean ssl) {
            SmtpTraceBridge.connectStart(transport, null, -1, ssl);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object transport, @Advice.FieldValue("serverSocket") Object socket,
                         @Advice.Thrown Throwable thrown) {
            SmtpTraceBridge.connectEnd(transport, socket, thrown);
        }
    }

    public static final class SendCommandAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object transport, @Advice.Argument(0) byte[] line) {
            SmtpTraceBridge.command(transport, line);
        }

        /** The command could not be written (the server is gone): that is its outcome, there will be no reply. */
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object transport, @Advice.Thrown Throwable thrown) {
            if (thrown != null) {
                SmtpTraceBridge.reply(transport, 0, null, thrown);
            }
        }
    }

    public static final class ReadResponseAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object transport, @Advice.Return int code,
                         @Advice.FieldValue("lastServerResponse") String text, @Advice.Thrown Throwable thrown) {
            SmtpTraceBridge.reply(transport, code, text, thrown);
        }
    }

    public static final class StartTlsAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object transport, @Advice.FieldValue("serverSocket") Object socket,
                         @Advice.Thrown Throwable thrown) {
            SmtpTraceBridge.startTlsEnd(transport, socket, thrown);
        }
    }

    public static final class DataAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object transport, @Advice.Return Object stream) {
            SmtpTraceBridge.bodyStream(transport, stream, false);
        }
    }

    public static final class BdatAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object transport, @Advice.Return Object stream) {
            SmtpTraceBridge.bodyStream(transport, stream, true);
        }
    }

    public static final class CloseConnectionAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object transport) {
            SmtpTraceBridge.connectionClosed(transport);
        }
    }
}
