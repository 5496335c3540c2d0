package io.smtptrace.analyzer.read;

/**
 * What became of one input: read to its end, cut short by a read error after part of it was analysed, or not read at
 * all; and how many conversations it gave. Reporters render it so that a run that missed data never looks clean.
 */
public final class InputStatus {
    public enum State {
        /** Read to its end (bad lines inside it are warnings, not failures). */
        READ,
        /** A read error stopped it: what came before was analysed, the rest was not. */
        CUT_SHORT,
        /** Nothing of it could be read (missing, a directory, permission denied, stdin closed). */
        UNREADABLE;

        /** The stable name used in JSON. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final String name;
    private State state = State.READ;
    private long sessions;
    private int problems;
    private String error;
    private long errorLine;

    public InputStatus(String name) {
        this.name = name;
    }

    void session() {
        sessions++;
    }

    void problems(int n) {
        problems = n;
    }

    void unreadable(String why) {
        state = State.UNREADABLE;
        error = why;
    }

    void cutShort(long line, String why) {
        state = State.CUT_SHORT;
        errorLine = line;
        error = why;
    }

    public String name() {
        return name;
    }

    public State state() {
        return state;
    }

    public boolean failed() {
        return state != State.READ;
    }

    public long sessions() {
        return sessions;
    }

    /** Warnings about its content (bad lines, wrong encoding, ...), the failure not included. */
    public int problems() {
        return problems;
    }

    /** Why it failed, or null. */
    public String error() {
        return error;
    }

    /** The line at which a read error stopped it (0 when unknown or not cut short). */
    public long errorLine() {
        return errorLine;
    }
}
