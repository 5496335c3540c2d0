package io.smtptrace.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smtptrace.analyzer.read.InputStatus.State;
import io.smtptrace.analyzer.read.RunStatus.Outcome;
import org.junit.jupiter.api.Test;

/** What became of a run's inputs decides whether it may pass as clean: failed inputs and empty runs never do. */
class RunStatusTest {

    @Test
    void aRunWithConversationsAndNoFailedInputIsComplete() {
        RunStatus run = new RunStatus();
        InputStatus a = run.add("a.jsonl");
        a.session();
        a.session();
        InputStatus b = run.add("b.log");
        b.session();
        b.problems(3);
        assertThat(run.outcome()).isEqualTo(Outcome.COMPLETE);
        assertThat(run.sessions()).isEqualTo(3);
        assertThat(run.failed()).isEmpty();
        assertThat(run.inputs()).extracting(InputStatus::name).containsExactly("a.jsonl", "b.log");
        assertThat(a.sessions()).isEqualTo(2);
        assertThat(b.problems()).isEqualTo(3);
        assertThat(b.state()).isEqualTo(State.READ);
        assertThat(b.failed()).isFalse();
        assertThat(b.error()).isNull();
        assertThat(b.errorLine()).isZero();
        assertThatThrownBy(() -> run.inputs().add(new InputStatus("x"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void noConversationAnywhereIsEmpty() {
        RunStatus run = new RunStatus();
        assertThat(run.outcome()).isEqualTo(Outcome.EMPTY);
        run.add("a.jsonl").problems(2);
        assertThat(run.outcome()).isEqualTo(Outcome.EMPTY);
        assertThat(run.sessions()).isZero();
    }

    @Test
    void aFailedInputMakesTheRunIncompleteEvenWithConversationsOrNone() {
        RunStatus run = new RunStatus();
        InputStatus ok = run.add("ok.jsonl");
        ok.session();
        InputStatus cut = run.add("cut.jsonl.gz");
        cut.session();
        cut.cutShort(42, "input ends unexpectedly");
        assertThat(run.outcome()).isEqualTo(Outcome.INCOMPLETE);
        assertThat(run.failed()).containsExactly(cut);
        assertThat(run.sessions()).isEqualTo(2);
        assertThat(cut.state()).isEqualTo(State.CUT_SHORT);
        assertThat(cut.failed()).isTrue();
        assertThat(cut.errorLine()).isEqualTo(42);
        assertThat(cut.error()).isEqualTo("input ends unexpectedly");

        RunStatus none = new RunStatus();
        InputStatus missing = none.add("missing.jsonl");
        missing.unreadable("no such file");
        assertThat(none.outcome()).isEqualTo(Outcome.INCOMPLETE);
        assertThat(missing.state()).isEqualTo(State.UNREADABLE);
        assertThat(missing.failed()).isTrue();
        assertThat(missing.error()).isEqualTo("no such file");
        assertThat(missing.errorLine()).isZero();
    }

    @Test
    void labelsAreTheStableJsonNames() {
        assertThat(Outcome.COMPLETE.label()).isEqualTo("complete");
        assertThat(Outcome.INCOMPLETE.label()).isEqualTo("incomplete");
        assertThat(Outcome.EMPTY.label()).isEqualTo("empty");
        assertThat(State.READ.label()).isEqualTo("read");
        assertThat(State.CUT_SHORT.label()).isEqualTo("cut-short");
        assertThat(State.UNREADABLE.label()).isEqualTo("unreadable");
    }
}
