package io.smtptrace.pithistory;

import io.smtptrace.pithistory.HistoryData.ClassEntry;
import io.smtptrace.pithistory.HistoryData.MutantRecord;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.pitest.classinfo.ClassName;
import org.pitest.coverage.CoverageDatabase;
import org.pitest.coverage.TestInfo;
import org.pitest.mutationtest.DetectionStatus;
import org.pitest.mutationtest.History;
import org.pitest.mutationtest.MutationResult;
import org.pitest.mutationtest.MutationStatusTestPair;
import org.pitest.mutationtest.engine.MutationDetails;
import org.pitest.mutationtest.engine.MutationIdentifier;

/**
 * PIT's incremental analysis, conservative: an earlier result is reused only when it cannot be stale as far as the
 * class files tell.
 * <ul>
 *   <li>the mutated class is unchanged (PIT's deep hash: the class, its outer and super classes), and</li>
 *   <li>KILLED: every killing test still covers the class and its test class is unchanged;</li>
 *   <li>SURVIVED / NO_COVERAGE: the classes of the tests covering the class are the same set and all unchanged (a new
 *   or changed test may kill it now);</li>
 *   <li>anything else (timed out, memory error, run error, non-viable) runs again.</li>
 * </ul>
 * Not seen: a change in another production class the mutated code calls, or in a test helper class; after such a
 * change delete the history file (README, Development: mutation testing).
 */
final class IncrementalHistory implements History {
  private final Function<ClassName, Optional<String>> classHash;
  private final Optional<HistoryData> previous;
  private final Supplier<PrintWriter> out;
  private final Logger log;

  private Function<ClassName, Collection<TestInfo>> testsForClass = c -> List.of();
  private final Set<ClassName> analysedClasses = new LinkedHashSet<>();
  private final Map<MutationIdentifier, MutationResult> results = new LinkedHashMap<>();

  /**
   * @param classHash a class's current hash, empty when PIT cannot give one (never reused then)
   * @param previous the last run's history, empty for a full run
   * @param out where this run's history goes, at {@link #close()}
   */
  IncrementalHistory(Function<ClassName, Optional<String>> classHash, Optional<HistoryData> previous,
                     Supplier<PrintWriter> out, Logger log) {
    this.classHash = classHash;
    this.previous = previous;
    this.out = out;
    this.log = log;
  }

  @Override
  public void initialize() {
    // the previous history is read when the store is made: PIT opens the output file, which may be the same, later
  }

  @Override
  public void processCoverage(CoverageDatabase coverage) {
    useCoverage(coverage::getTestsForClass);
  }

  /** The tests covering each class in this run (PIT's coverage pass). */
  void useCoverage(Function<ClassName, Collection<TestInfo>> testsForClass) {
    this.testsForClass = testsForClass;
  }

  @Override
  public List<MutationResult> analyse(List<MutationDetails> mutations) {
    List<MutationResult> reused = new ArrayList<>();
    for (MutationDetails m : mutations) {
      analysedClasses.add(m.getClassName());
      reusable(m).ifPresent(r -> {
        reused.add(r);
        results.put(m.getId(), r);
      });
    }
    if (previous.isPresent()) {
      log.info("smtp-trace PIT history: " + reused.size() + " of " + mutations.size()
          + " mutants reused from the last run, " + (mutations.size() - reused.size()) + " to analyse");
    }
    return reused;
  }

  private Optional<MutationResult> reusable(MutationDetails m) {
    ClassName mutated = m.getClassName();
    ClassEntry entry = previous.map(p -> p.classes().get(mutated.asJavaName())).orElse(null);
    if (entry == null) {
      return Optional.empty();
    }
    MutantRecord record = entry.mutants().get(key(m.getId()));
    Optional<String> hashNow = classHash.apply(mutated);
    if (record == null || hashNow.isEmpty() || !hashNow.get().equals(entry.hash())) {
      return Optional.empty();
    }
    Map<String, String> coveringNow = coveringTests(mutated);
    boolean stillValid = switch (record.status()) {
      case KILLED -> killersUnchanged(entry, record, coveringNow);
      case SURVIVED, NO_COVERAGE -> coveringUnchanged(entry, coveringNow);
      default -> false;
    };
    if (!stillValid) {
      return Optional.empty();
    }
    return Optional.of(new MutationResult(m, new MutationStatusTestPair(record.testsRun(), record.status(),
        record.killingTests(), record.succeedingTests(), record.coveringTests())));
  }

  private boolean killersUnchanged(ClassEntry entry, MutantRecord record, Map<String, String> coveringNow) {
    if (record.killingTests().isEmpty()) {
      return false;
    }
    for (int i = 0; i < record.killingTests().size(); i++) {
      String testClass = record.killingTestClasses().get(i);
      if (!testClass.equals(coveringNow.get(record.killingTests().get(i))) || !unchanged(entry, testClass)) {
        return false;
      }
    }
    return true;
  }

  private boolean coveringUnchanged(ClassEntry entry, Map<String, String> coveringNow) {
    Set<String> classesNow = new HashSet<>(coveringNow.values());
    if (!classesNow.equals(entry.coveringTestClasses())) {
      return false;
    }
    return classesNow.stream().allMatch(c -> unchanged(entry, c));
  }

  private boolean unchanged(ClassEntry entry, String testClass) {
    String then = entry.testClassHashes().get(testClass);
    return then != null && classHash.apply(ClassName.fromString(testClass)).map(then::equals).orElse(false);
  }

  /** Test name to the class defining it, for the tests covering {@code mutated} now. */
  private Map<String, String> coveringTests(ClassName mutated) {
    Map<String, String> tests = new TreeMap<>();
    for (TestInfo t : testsForClass.apply(mutated)) {
      tests.put(t.getName(), TestInfo.toDefiningClassName().apply(t).asJavaName());
    }
    return tests;
  }

  @Override
  public void recordResult(MutationResult result) {
    results.put(result.getDetails().getId(), result);
  }

  /** Writes the history: this run's classes as analysed now, the last run's others as they were. */
  @Override
  public void close() {
    Map<String, ClassEntry> classes = new TreeMap<>();
    previous.ifPresent(p -> p.classes().forEach((name, entry) -> {
      if (!analysedClasses.contains(ClassName.fromString(name))) {
        classes.put(name, entry);
      }
    }));
    Map<ClassName, List<MutationResult>> byClass = new LinkedHashMap<>();
    for (MutationResult r : results.values()) {
      byClass.computeIfAbsent(r.getDetails().getClassName(), c -> new ArrayList<>()).add(r);
    }
    byClass.forEach((mutated, rs) -> entry(mutated, rs).ifPresent(e -> classes.put(e.name(), e)));
    HistoryFile.write(new HistoryData(classes), out.get());
  }

  private Optional<ClassEntry> entry(ClassName mutated, List<MutationResult> rs) {
    Optional<String> hash = classHash.apply(mutated);
    if (hash.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> coveringNow = coveringTests(mutated);
    Set<String> covering = new LinkedHashSet<>(coveringNow.values());
    Set<String> testClasses = new LinkedHashSet<>(covering);
    Map<String, MutantRecord> mutants = new LinkedHashMap<>();
    for (MutationResult r : rs) {
      List<String> killingClasses = new ArrayList<>();
      for (String killer : r.getKillingTests()) {
        // a killer PIT's coverage does not name cannot be checked later: "?" never matches
        killingClasses.add(Objects.requireNonNullElse(coveringNow.get(killer), "?"));
      }
      testClasses.addAll(killingClasses);
      MutantRecord m = new MutantRecord(key(r.getDetails().getId()), r.getStatus(), r.getNumberOfTestsRun(),
          r.getKillingTests(), killingClasses, r.getSucceedingTests(), r.getCoveringTests());
      mutants.put(m.key(), m);
    }
    Map<String, String> hashes = new TreeMap<>();
    for (String testClass : testClasses) {
      if (!"?".equals(testClass)) {
        classHash.apply(ClassName.fromString(testClass)).ifPresent(h -> hashes.put(testClass, h));
      }
    }
    return Optional.of(new ClassEntry(mutated.asJavaName(), hash.get(), covering, hashes, mutants));
  }

  /** A mutant's identity across runs: class, method and descriptor, instruction indexes and mutator. */
  static String key(MutationIdentifier id) {
    return id.getLocation().getClassName().asJavaName() + "#" + id.getLocation().getMethodName()
        + id.getLocation().getMethodDesc() + "#" + id.getIndexes() + "#" + id.getMutator();
  }
}
