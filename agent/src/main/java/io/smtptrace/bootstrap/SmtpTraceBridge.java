package io.smtptrace.bootstrap;

/**
 * Static entry points called by advice. Every method swallows {@code Throwable}: the application must never see the
 * agent fail. Until the agent installs its hooks (or after it gives up), calls go to a no-op.
 */
public final class SmtpTraceBridge {

    private static volatile SmtpTraceHooks hooks;

    private SmtpTraceBridge() {
    }

    public static void install(SmtpTraceHooks h) {
        hooks = h;
    }

    public static void operationEnter(Object transport, String kind) {
        SmtpTraceHooks h = hooks;
        if (h != null) {
            try {
                h.operationEnter(transport, kind);
            } catch (Throwable ignored) {
                // never let the agent change what the application sees
            }
        }
    }

    public static void operationExit(Object transport, String kind, Throwable thrown) {
        SmtpTraceHooks h = hooks;
        if (h != null) {
            try {
                h.operationExit(transport, kind, thrown);
            } catch (Throwable ignored) {
            }
        }
    }

    public static void connectStart(Object transport, String host, int port, boolean sslRequested) {
        SmtpTraceHooks h = hooks;
        if (h != null) {
            try {
                h.connectStart(transport, host, port, sslRequested);
            } catch (Throwable ignored) {
            }
        }
    }

    public static void connectEnd(Object transport, Object socket, Throwable thrown) {
        SmtpTraceHooks h = hooks;
        if (h != null) {
            try {
                h.connectEnd(transport, socket, thrown);
            } catch (Throwable ignored) {
            }
        }
    }

    public static void command(Object transport, byte[] line) {
        SmtpTraceHooks h = hooks;
        if (h != null) {
            try {
                h.command(transport, line);
            } catch (Throwable ignored) {
            }
        }
    }

    public static void reply(Object transport, int code, String text, Throwable thrown) {
        SmtpTraceHooks h = hooks;
        if (h != null) {
            try {
                h.reply(transport, code, text, thrown);
            } catch (Throwable ignored) {
            }
        }
    }

    public static void startTlsEnd(Object transport, Object socket, Throwable thrown) {
        SmtpTraceHooks h = hooks;
        if (h != null) {
            try {
                h.startTlsEnd(transport, socket, thrown);
            } catch (Throwable ignored) {
            }
        }
    }

    public static void bodyStream(Object transport, Object stream, boolean bdat) {
        SmtpTraceHooks h = hooks;
        if (h != null) {
            try {
                h.bodyStream(transport, stream, bdat);
            } catch (Throwable ignored) {
            }
        }
    }

    public static void bodyWrite(Object stream, byte[] bytes, int off, int len) {
        SmtpTraceHooks h = hooks;
        if (h != null) {
            try {
                h.bodyWrite(stream, bytes, off, len);
            } catch (Throwable ignored) {
            }
        }
    }

    public static void bodyWrite(Object stream, int b) {
        SmtpTraceHooks h = hooks;
        if (h != null) {
            try {
                h.bodyWrite(stream, b);
            } catch (Throwable ignored) {
            }
        }
    }

    public static void connectionClosed(Object transport) {
        SmtpTraceHooks h = hooks;
        if (h != null) {
            try {
                h.connectionClosed(transport);
            } catch (Throwable ignored) {
            }
        }
    }
}
