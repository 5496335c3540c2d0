package io.smtptrace.analyzer.read;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The inputs of one run and what became of each. The outcome decides the exit code before any finding does: an
 * incomplete run (an input failed) or an empty one (no conversation anywhere) must never pass a CI gate as clean.
 */
public final class RunStatus {
    public enum Outcome {
        COMPLETE, INCOMPLETE, EMPTY;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final List<InputStatus> inputs = new ArrayList<>();

    InputStatus add(String name) {
        InputStatus s = new InputStatus(name);
        inputs.add(s);
        return s;
    }

    public List<InputStatus> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    public List<InputStatus> failed() {
        return inputs.stream().filter(InputStatus::failed).toList();
    }

    public long sessions() {
        return inputs.stream().mapToLong(InputStatus::sessions).sum();
    }

    /** INCOMPLETE wins over EMPTY: a run that missed an input cannot tell whether a conversation was there. */
    public Outcome outcome() {
        if (inputs.stream().anyMatch(InputStatus::failed)) return Outcome.INCOMPLETE;
        return sessions() == 0 ? Outcome.EMPTY : Outcome.COMPLETE;
    }
}
