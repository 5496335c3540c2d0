package io.smtptrace.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClockTest {

    @Test
    void theSystemClockReadsWallTimeAndNeverGoesBack() throws InterruptedException {
        long wallBefore = System.currentTimeMillis() * 1_000_000L;
        long a = Clock.SYSTEM.nowEpochNanos();
        Thread.sleep(20);
        long b = Clock.SYSTEM.nowEpochNanos();
        long wallAfter = System.currentTimeMillis() * 1_000_000L;
        // within a second of the wall clock (the base is read once, when the clock is first used)
        assertThat(Math.abs(a - wallBefore)).isLessThan(1_000_000_000L);
        assertThat(Math.abs(b - wallAfter)).isLessThan(1_000_000_000L);
        assertThat(b - a).as("the 20 ms sleep").isGreaterThanOrEqualTo(19_000_000L).isLessThan(10_000_000_000L);
    }

    @Test
    void aSystemClockMadeNowReadsWallTimeToo() throws Exception {
        // SYSTEM is built once per JVM; a second instance of its class shows how it is built (and PIT, which swaps a
        // mutated class into a running JVM, sees the mutated constructor run)
        java.lang.reflect.Constructor<? extends Clock> ctor = Clock.SYSTEM.getClass().getDeclaredConstructor();
        ctor.setAccessible(true);
        long wall = System.currentTimeMillis() * 1_000_000L;
        assertThat(Math.abs(ctor.newInstance().nowEpochNanos() - wall)).isLessThan(1_000_000_000L);
    }
}
