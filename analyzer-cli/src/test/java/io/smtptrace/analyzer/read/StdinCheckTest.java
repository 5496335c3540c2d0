package io.smtptrace.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Whether "-" may be read: the launcher's word, else what file descriptor 0 is (a test JVM's stdin is a pipe or a device). */
class StdinCheckTest {
    @Test
    void theLaunchersWordDecides() {
        String before = System.getProperty("smtptrace.stdin");
        try {
            System.setProperty("smtptrace.stdin", "closed");
            assertThat(StdinCheck.closedAtStart()).isTrue();
            System.setProperty("smtptrace.stdin", "open");
            assertThat(StdinCheck.closedAtStart()).isFalse();
            System.clearProperty("smtptrace.stdin");
            assertThat(StdinCheck.closedAtStart()).as("this JVM's stdin is none of its own files").isFalse();
        } finally {
            if (before == null) System.clearProperty("smtptrace.stdin");
            else System.setProperty("smtptrace.stdin", before);
        }
    }
}
