package io.smtptrace.analyzer;

import java.nio.file.Path;

import io.smtptrace.analyzer.record.Recorder;
import io.smtptrace.analyzer.record.Scenario;

/** A small real log (one failing conversation) recorded once per test JVM. */
final class RecordedLogsTestSupport {
    private RecordedLogsTestSupport() {}

    static Path smallLog() {
        try {
            return Recorder.record(RecordedLogsTest.DIR, Scenario.Library.JAVAX_MAIL_1_6_2, Recorder.Mode.PLAIN, Scenario.NO_AUTH_RETRY).file();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
