package io.smtptrace.analyzer.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Severities as the CLI reads and prints them (--min-severity, reports). */
class SeverityTest {

    @Test
    void labelsParseAndOrder() {
        assertThat(Severity.ERROR.label()).isEqualTo("error");
        assertThat(Severity.parse(" Warning ")).isEqualTo(Severity.WARNING);
        assertThat(Severity.parse("info")).isEqualTo(Severity.INFO);
        assertThatThrownBy(() -> Severity.parse("fatal")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Severity.WARNING.atLeast(Severity.INFO)).isTrue();
        assertThat(Severity.WARNING.atLeast(Severity.WARNING)).isTrue();
        assertThat(Severity.WARNING.atLeast(Severity.ERROR)).isFalse();
    }
}
