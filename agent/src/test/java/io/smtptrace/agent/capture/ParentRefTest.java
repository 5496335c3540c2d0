package io.smtptrace.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParentRefTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    @Test
    void wellFormedIdsMakeAParent() {
        ParentRef p = ParentRef.of(TRACE, SPAN, true);
        assertThat(p).isNotNull();
        assertThat(p.traceId).isEqualTo(TRACE);
        assertThat(p.spanId).isEqualTo(SPAN);
        assertThat(p.sampled).isTrue();
        assertThat(p).hasToString(TRACE + "/" + SPAN + " sampled");
        assertThat(ParentRef.of(TRACE, SPAN, false)).hasToString(TRACE + "/" + SPAN + " unsampled");
        // every hex digit at the edges of its range is accepted
        assertThat(ParentRef.of("0123456789abcdef0123456789abcdef", "a09f000000000000", false)).isNotNull();
    }

    @Test
    void aSingleNonZeroDigitAnywhereIsEnough() {
        assertThat(ParentRef.of("00000000000000000000000000000001", SPAN, true)).isNotNull();
        assertThat(ParentRef.of(TRACE, "1000000000000000", true)).isNotNull();
    }

    @Test
    void allZeroIdsAreNoParent() {
        assertThat(ParentRef.of("00000000000000000000000000000000", SPAN, true)).isNull();
        assertThat(ParentRef.of(TRACE, "0000000000000000", true)).isNull();
    }

    @Test
    void idsOfTheWrongLengthOrMissingAreNoParent() {
        assertThat(ParentRef.of(null, SPAN, true)).isNull();
        assertThat(ParentRef.of(TRACE, null, true)).isNull();
        assertThat(ParentRef.of(TRACE.substring(1), SPAN, true)).isNull();
        assertThat(ParentRef.of(TRACE + "0", SPAN, true)).isNull();
        assertThat(ParentRef.of(TRACE, SPAN.substring(1), true)).isNull();
        assertThat(ParentRef.of(TRACE, SPAN + "a", true)).isNull();
        // the lengths are not interchangeable
        assertThat(ParentRef.of(SPAN + SPAN, TRACE.substring(0, 16), true)).isNotNull();
        assertThat(ParentRef.of(SPAN, TRACE, true)).isNull();
    }

    @Test
    void charactersJustOutsideTheHexRangesAreRejected() {
        // '/' and ':' border '0'..'9'; '`' and 'g' border 'a'..'f'; upper case is not W3C's form
        for (char bad : new char[] {'/', ':', '`', 'g', 'A', 'F', ' '}) {
            assertThat(ParentRef.of(bad + TRACE.substring(1), SPAN, true)).as("trace with '%s'", bad).isNull();
            assertThat(ParentRef.of(TRACE, SPAN.substring(0, 15) + bad, true)).as("span with '%s'", bad).isNull();
        }
    }
}
