package io.smtptrace.pithistory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pitest.classinfo.ClassName;
import org.pitest.coverage.TestInfo;
import org.pitest.mutationtest.DetectionStatus;
import org.pitest.mutationtest.MutationResult;
import org.pitest.mutationtest.MutationStatusTestPair;
import org.pitest.mutationtest.engine.Location;
import org.pitest.mutationtest.engine.MutationDetails;
import org.pitest.mutationtest.engine.MutationIdentifier;

class IncrementalHistoryTest {
  private static final String REPLY = "io.smtptrace.agent.capture.Reply";
  private static final String LINE = "io.smtptrace.agent.capture.CommandLine";
  private static final String REPLY_TEST = "io.smtptrace.agent.capture.ReplyTest";
  private static final String CONVERSATION_TEST = "io.smtptrace.agent.capture.ConversationTest";
  private static final String LINE_TEST = "io.smtptrace.agent.capture.CommandLineTest";

  private final Map<String, String> hashes = new HashMap<>();
  private final Map<String, List<TestInfo>> coverage = new HashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private final Logger log = Logger.getAnonymousLogger();
  private String file;

  @BeforeEach
  void setUp() {
    log.setUseParentHandlers(false);
    log.addHandler(new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
          warnings.add(r.getMessage());
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    });
    hashes.put(REPLY, "r1");
    hashes.put(LINE, "l1");
    hashes.put(REPLY_TEST, "rt1");
    hashes.put(CONVERSATION_TEST, "ct1");
    hashes.put(LINE_TEST, "lt1");
    coverage.put(REPLY, List.of(test(REPLY_TEST, "parsesCode"), test(CONVERSATION_TEST, "multiline")));
    coverage.put(LINE, List.of(test(LINE_TEST, "redacts")));
  }

  /** The first run: every mutant analysed, each result recorded, the history written. */
  private void firstRun(MutationResult... results) {
    IncrementalHistory h = history(Optional.empty());
    assertThat(h.analyse(details(results))).isEmpty();
    for (MutationResult r : results) {
      h.recordResult(r);
    }
    h.close();
  }

  private IncrementalHistory history(Optional<HistoryData> previous) {
    StringWriter out = new StringWriter();
    IncrementalHistory h = new IncrementalHistory(c -> Optional.ofNullable(hashes.get(c.asJavaName())), previous,
        () -> new PrintWriter(out) {
          @Override
          public void flush() {
            super.flush();
            file = out.toString();
          }
        }, log);
    h.useCoverage(c -> coverageOf(c));
    return h;
  }

  private Collection<TestInfo> coverageOf(ClassName c) {
    return coverage.getOrDefault(c.asJavaName(), List.of());
  }

  /** The next run over the same mutants: what it reuses. */
  private List<MutationResult> rerun(MutationDetails... mutants) throws Exception {
    IncrementalHistory h = history(Optional.of(HistoryFile.read(new StringReader(file))));
    List<MutationResult> reused = h.analyse(List.of(mutants));
    return reused;
  }

  @Test
  void killedMutantIsReusedWhenNeitherItsClassNorItsKillerChanged() throws Exception {
    MutationResult killed = killed(mutant(REPLY, "code", 3), REPLY_TEST, "parsesCode");
    firstRun(killed, survived(mutant(LINE, "redact", 7)));

    List<MutationResult> reused = rerun(killed.getDetails());

    assertThat(reused).singleElement().satisfies(r -> {
      assertThat(r.getStatus()).isEqualTo(DetectionStatus.KILLED);
      assertThat(r.getKillingTests()).containsExactly(name(REPLY_TEST, "parsesCode"));
      assertThat(r.getDetails()).isSameAs(killed.getDetails());
    });
  }

  @Test
  void everyMutantOfAChangedClassRunsAgainAndOtherClassesAreStillReused() throws Exception {
    MutationResult replyKilled = killed(mutant(REPLY, "code", 3), REPLY_TEST, "parsesCode");
    MutationResult replySurvived = survived(mutant(REPLY, "text", 9));
    MutationResult lineKilled = killed(mutant(LINE, "redact", 7), LINE_TEST, "redacts");
    firstRun(replyKilled, replySurvived, lineKilled);
    hashes.put(REPLY, "r2");

    assertThat(rerun(replyKilled.getDetails(), replySurvived.getDetails(), lineKilled.getDetails()))
        .extracting(MutationResult::getDetails).containsExactly(lineKilled.getDetails());
  }

  @Test
  void killedMutantRunsAgainWhenTheKillingTestClassChanged() throws Exception {
    MutationResult killed = killed(mutant(REPLY, "code", 3), REPLY_TEST, "parsesCode");
    firstRun(killed);
    hashes.put(REPLY_TEST, "rt2");

    assertThat(rerun(killed.getDetails())).isEmpty();
  }

  @Test
  void killedMutantIsReusedWhenOnlyAnotherCoveringTestClassChanged() throws Exception {
    MutationResult killed = killed(mutant(REPLY, "code", 3), REPLY_TEST, "parsesCode");
    firstRun(killed);
    hashes.put(CONVERSATION_TEST, "ct2");

    assertThat(rerun(killed.getDetails())).hasSize(1);
  }

  @Test
  void killedMutantRunsAgainWhenItsKillerNoLongerCoversTheClass() throws Exception {
    MutationResult killed = killed(mutant(REPLY, "code", 3), REPLY_TEST, "parsesCode");
    firstRun(killed);
    coverage.put(REPLY, List.of(test(CONVERSATION_TEST, "multiline")));

    assertThat(rerun(killed.getDetails())).isEmpty();
  }

  @Test
  void survivedMutantIsReusedOnlyWhileNoCoveringTestClassChanged() throws Exception {
    MutationResult survived = survived(mutant(REPLY, "text", 9));
    firstRun(survived);
    assertThat(rerun(survived.getDetails())).singleElement()
        .extracting(MutationResult::getStatus).isEqualTo(DetectionStatus.SURVIVED);

    hashes.put(CONVERSATION_TEST, "ct2");

    assertThat(rerun(survived.getDetails())).isEmpty();
  }

  @Test
  void survivedMutantRunsAgainWhenANewTestClassCoversItsClass() throws Exception {
    MutationResult survived = survived(mutant(REPLY, "text", 9));
    firstRun(survived);
    coverage.put(REPLY, List.of(test(REPLY_TEST, "parsesCode"), test(CONVERSATION_TEST, "multiline"),
        test(LINE_TEST, "repliesToo")));

    assertThat(rerun(survived.getDetails())).isEmpty();
  }

  @Test
  void uncoveredMutantIsReusedUntilATestCoversItsClass() throws Exception {
    coverage.remove(LINE);
    MutationResult uncovered = new MutationResult(mutant(LINE, "redact", 7),
        MutationStatusTestPair.notAnalysed(0, DetectionStatus.NO_COVERAGE));
    firstRun(uncovered);
    assertThat(rerun(uncovered.getDetails())).singleElement()
        .extracting(MutationResult::getStatus).isEqualTo(DetectionStatus.NO_COVERAGE);

    coverage.put(LINE, List.of(test(LINE_TEST, "redacts")));

    assertThat(rerun(uncovered.getDetails())).isEmpty();
  }

  @Test
  void timedOutAndErroredMutantsAlwaysRunAgain() throws Exception {
    MutationResult timedOut = new MutationResult(mutant(REPLY, "code", 4),
        new MutationStatusTestPair(1, DetectionStatus.TIMED_OUT, List.of(), List.of()));
    MutationResult runError = new MutationResult(mutant(REPLY, "code", 5),
        new MutationStatusTestPair(1, DetectionStatus.RUN_ERROR, List.of(), List.of()));
    firstRun(timedOut, runError);

    assertThat(rerun(timedOut.getDetails(), runError.getDetails())).isEmpty();
  }

  @Test
  void aNewMutantOfAnUnchangedClassIsAnalysed() throws Exception {
    MutationResult killed = killed(mutant(REPLY, "code", 3), REPLY_TEST, "parsesCode");
    firstRun(killed);

    assertThat(rerun(killed.getDetails(), mutant(REPLY, "code", 8))).extracting(MutationResult::getDetails)
        .containsExactly(killed.getDetails());
  }

  @Test
  void aNarrowedRunKeepsTheHistoryOfTheClassesItDidNotAnalyse() throws Exception {
    MutationResult replyKilled = killed(mutant(REPLY, "code", 3), REPLY_TEST, "parsesCode");
    MutationResult lineKilled = killed(mutant(LINE, "redact", 7), LINE_TEST, "redacts");
    firstRun(replyKilled, lineKilled);

    IncrementalHistory narrowed = history(Optional.of(HistoryFile.read(new StringReader(file))));
    narrowed.analyse(List.of(lineKilled.getDetails()));
    narrowed.close();

    assertThat(rerun(replyKilled.getDetails(), lineKilled.getDetails())).hasSize(2);
  }

  @Test
  void aMutantWhoseKillerPitCannotPlaceIsNeverReused() throws Exception {
    MutationResult killed = killed(mutant(REPLY, "code", 3), "io.smtptrace.agent.capture.GoneTest", "x");
    firstRun(killed);

    assertThat(rerun(killed.getDetails())).isEmpty();
  }

  @Test
  void corruptHistoryMeansAFullRunWithOneWarning() {
    for (String corrupt : List.of("not a history\n", HistoryFile.HEADER + "\nC\tio.x.A\th\n",
        HistoryFile.HEADER + "\nM\tk\tKILLED\t1\t\t\t\t\nEND\t1\n",
        HistoryFile.HEADER + "\nC\tio.x.A\th\nM\tk\tBOGUS\t1\t\t\t\t\nEND\t2\n")) {
      warnings.clear();

      Optional<HistoryData> previous = SmtpTraceHistoryFactory.previous(Optional.of(new StringReader(corrupt)), log);

      assertThat(previous).as(corrupt).isEmpty();
      assertThat(warnings).as(corrupt).singleElement().asString().contains("unreadable", "line ");
    }
  }

  @Test
  void missingHistoryMeansAFullRunWithoutWarning() {
    assertThat(SmtpTraceHistoryFactory.previous(Optional.empty(), log)).isEmpty();
    assertThat(warnings).isEmpty();
  }

  @Test
  void testNamesWithSeparatorsSurviveTheFile() throws Exception {
    String odd = "io.x.T.[engine:junit-jupiter]/[class:io.x.T]/[test-template:p(String)]/[#1] a\tb %20 é";
    coverage.put(REPLY, List.of(new TestInfo(REPLY_TEST, odd, 1, Optional.empty(), 1)));
    MutationResult killed = new MutationResult(mutant(REPLY, "code", 3),
        new MutationStatusTestPair(1, DetectionStatus.KILLED, List.of(odd), List.of("b c"), List.of(odd, "b c")));
    firstRun(killed);

    assertThat(rerun(killed.getDetails())).singleElement().satisfies(r -> {
      assertThat(r.getKillingTests()).containsExactly(odd);
      assertThat(r.getSucceedingTests()).containsExactly("b c");
    });
  }

  private static MutationDetails mutant(String className, String method, int index) {
    return new MutationDetails(new MutationIdentifier(Location.location(ClassName.fromString(className), method,
        "()V"), index, "org.pitest.mutationtest.engine.gregor.mutators.MathMutator"), "X.java", "replaced", 10, 0);
  }

  private static MutationResult killed(MutationDetails m, String testClass, String method) {
    return new MutationResult(m, new MutationStatusTestPair(1, DetectionStatus.KILLED,
        List.of(name(testClass, method)), List.of()));
  }

  private static MutationResult survived(MutationDetails m) {
    return new MutationResult(m, new MutationStatusTestPair(2, DetectionStatus.SURVIVED, List.of(),
        List.of(name(REPLY_TEST, "parsesCode"))));
  }

  private static List<MutationDetails> details(MutationResult... results) {
    return java.util.Arrays.stream(results).map(MutationResult::getDetails).toList();
  }

  private static TestInfo test(String testClass, String method) {
    return new TestInfo(testClass, name(testClass, method), 1, Optional.empty(), 1);
  }

  private static String name(String testClass, String method) {
    return testClass + ".[engine:junit-jupiter]/[class:" + testClass + "]/[method:" + method + "()]";
  }
}
