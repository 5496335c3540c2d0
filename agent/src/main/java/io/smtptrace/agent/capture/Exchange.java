package io.smtptrace.agent.capture;

/** One command and its reply (or the greeting, which has no command). */
public final class Exchange {

    public final int seq;
    public final ExchangeType type;
    /** Null for the greeting and for AUTH continuation lines. */
    public final String verb;
    /** Redacted command line; null for the greeting. */
    public final String line;
    public final long startEpochNanos;
    long endEpochNanos;
    int code = Integer.MIN_VALUE;
    String rawReply;
    Reply parsed;
    /** "eof", "not_awaited", or an exception class when there is no reply. */
    String replyError;
    String replyErrorMessage;

    Exchange(int seq, ExchangeType type, String verb, String line, long startEpochNanos) {
        this.seq = seq;
        this.type = type;
        this.verb = verb;
        this.line = line;
        this.startEpochNanos = startEpochNanos;
    }

    public boolean hasReply() {
        return code != Integer.MIN_VALUE && code >= 0;
    }

    public int code() {
        return hasReply() ? code : -1;
    }

    /** Parsed lazily, off the application thread, by whoever exports. */
    public Reply reply() {
        if (!hasReply()) {
            return null;
        }
        if (parsed == null) {
            parsed = Reply.parseCached(code, rawReply);
        }
        return parsed;
    }

    public long endEpochNanos() {
        return endEpochNanos;
    }

    public String replyError() {
        return replyError;
    }

    public String replyErrorMessage() {
        return replyErrorMessage;
    }

    boolean answered() {
        return code != Integer.MIN_VALUE || replyError != null;
    }
}
