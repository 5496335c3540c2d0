package io.smtptrace.agent.inst;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.smtptrace.bootstrap.SmtpTraceBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Hooks {@code SMTPOutputStream}, the stream the message goes through after 354 (and, via its BDAT subclass, for
 * CHUNKING). It sees the bytes exactly as the application's message writer produced them, before JavaMail's CRLF
 * normalisation and dot-stuffing; {@code write(byte[],int,int)} does not call {@code write(int)}, so nothing counts
 * twice.
 */
public final class SmtpOutputStreamInstrumentation {

    public static final ElementMatcher.Junction<MethodDescription> WRITE_ARRAY =
            named("write").and(takesArguments(byte[].class, int.class, int.class));
    public static final ElementMatcher.Junction<MethodDescription> WRITE_BYTE =
            named("write").and(takesArguments(int.class));

    private SmtpOutputStreamInstrumentation() {
    }

    public static final class WriteArrayAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object stream, @Advice.Argument(0) byte[] b, @Advice.Argument(1) int off,
                          @Advice.Argument(2) int len) {
            SmtpTraceBridge.bodyWrite(stream, b, off, len);
        }
    }

    public static final class WriteByteAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object stream, @Advice.Argument(0) int b) {
            SmtpTraceBridge.bodyWrite(stream, b);
        }
    }
}
