package io.smtptrace.analyzer.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One {@code Transport.sendMessage()} on a connection: MAIL, RCPT..., DATA, body, end of data. */
public final class MessageAttempt {
    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";
    public static final String ABORTED = "aborted";

    public int index;
    public String sender;
    public final List<String> recipients = new ArrayList<>();
    public final List<String> refused = new ArrayList<>();
    public boolean dataStarted;
    public boolean dataCompleted;
    /** message bytes on the wire after 354, when known */
    public Long bytes;
    /** smtp.body.* counters: lines, longest_line, bare_cr, bare_lf, non_ascii, nul, dot_lines */
    public final Map<String, Long> body = new LinkedHashMap<>();
    public String bodyErrorType;
    public String bodyErrorMessage;
    /** accepted, rejected, aborted (null while unknown) */
    public String outcome;
    /** the exchange that decided the outcome (the reply that refused it, or the end-of-data reply) */
    public Exchange decidingExchange;

    public long bodyStat(String key) {
        Long v = body.get(key);
        return v == null ? 0 : v;
    }
}
