package io.smtptrace.analyzer.rules;

import java.time.Instant;
import java.util.List;

/** What a finding rests on: the sessions (ids, up to a few), when, how often, and one reply line as it was received. */
public record Evidence(List<String> sessions, int sessionCount, Instant first, Instant last, int count, String sample,
                       List<String> sources) {
}
