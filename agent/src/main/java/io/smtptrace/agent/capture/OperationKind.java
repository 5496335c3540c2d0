package io.smtptrace.agent.capture;

import java.util.Locale;

/** The transport call an operation span stands for. */
public enum OperationKind {
    CONNECT, SEND, CHECK, CLOSE, COMMAND;

    public final String label = name().toLowerCase(Locale.ROOT);

    /** From a label or from the name of the transport method that starts the operation. */
    public static OperationKind of(String label) {
        switch (label) {
            case "connect":
            case "protocolConnect":
                return CONNECT;
            case "send":
            case "sendMessage":
                return SEND;
            case "check":
            case "isConnected":
                return CHECK;
            case "close":
                return CLOSE;
            default:
                return COMMAND;
        }
    }
}
