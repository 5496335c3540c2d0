package io.smtptrace.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The cache of recent replies is shared by the whole JVM: it must stay small, and keep only what is worth keeping.
 * Isolated: no other test may put replies into it while these count.
 */
@Isolated
class ReplyCacheTest {

    private static int n;

    /** A reply text no test has used before. */
    private static String fresh() {
        return "250 2.0.0 Ok: queued as C" + (n++) + "-" + System.nanoTime() + "\n";
    }

    private static boolean cached(String raw) {
        return Reply.parseCached(250, raw) == Reply.parseCached(250, raw);
    }

    @Test
    void holdsAtMost256RepliesThenStartsOver() {
        // first empty it: put replies until the marker is gone (the cache was cleared), which puts the marker back
        String marker = fresh();
        Reply first = Reply.parseCached(250, marker);
        for (int i = 0; i < 1_000 && Reply.parseCached(250, marker) == first; i++) {
            Reply.parseCached(250, fresh());
        }
        assertThat(Reply.parseCached(250, marker)).as("cleared within 1000 replies").isNotSameAs(first);
        // now it holds the reply that cleared it and the marker: 254 more fill it to 256, the next one clears it
        Reply kept = Reply.parseCached(250, marker);
        int added = 0;
        while (added < 1_000 && Reply.parseCached(250, marker) == kept) {
            Reply.parseCached(250, fresh());
            added++;
        }
        assertThat(added).isEqualTo(255);
    }

    @Test
    void keepsRepliesUpTo512CharactersWithoutAnAddress() {
        String base = fresh();
        String of512 = base.substring(0, base.length() - 1) + "x".repeat(511 - base.length() + 1) + "\n";
        assertThat(of512).hasSize(512);
        assertThat(cached(of512)).isTrue();
        String of513 = "y" + of512;
        assertThat(cached(of513)).isFalse();
        assertThat(cached("@" + fresh())).as("an address may start the text").isFalse();
        String other = fresh();
        assertThat(cached(other)).isTrue();
        Reply.parseCached(250, fresh());
        assertThat(cached(other)).as("still there after another reply").isTrue();
    }
}
