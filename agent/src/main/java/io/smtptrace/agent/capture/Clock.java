package io.smtptrace.agent.capture;

/** Wall-clock time in epoch nanoseconds with monotonic resolution: one wall reading at start, nanoTime after that. */
public interface Clock {

    long nowEpochNanos();

    Clock SYSTEM = new Clock() {
        private final long baseEpochNanos = System.currentTimeMillis() * 1_000_000L;
        private final long baseNanoTime = System.nanoTime();

        @Override
        public long nowEpochNanos() {
            return baseEpochNanos + (System.nanoTime() - baseNanoTime);
        }
    };
}
