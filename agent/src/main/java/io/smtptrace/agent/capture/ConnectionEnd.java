package io.smtptrace.agent.capture;

import java.util.Locale;

public enum ConnectionEnd {
    QUIT, SERVER_CLOSED, CLIENT_EXCEPTION, TIMEOUT, CONNECT_FAILED;

    public final String label = name().toLowerCase(Locale.ROOT);
}
