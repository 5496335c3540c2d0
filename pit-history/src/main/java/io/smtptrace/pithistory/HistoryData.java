package io.smtptrace.pithistory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pitest.mutationtest.DetectionStatus;

/** What one run knew: per mutated class, its hash, the tests that covered it and each mutant's result. */
record HistoryData(Map<String, ClassEntry> classes) {

  /**
   * A mutated class as it was when its mutants were analysed.
   *
   * @param hash PIT's deep hash of the class (changes with the class, its outer classes and super classes)
   * @param coveringTestClasses the classes defining the tests that covered the class
   * @param testClassHashes the hashes of those test classes and of the killing tests' classes
   * @param mutants by {@link MutantRecord#key}
   */
  record ClassEntry(String name, String hash, Set<String> coveringTestClasses, Map<String, String> testClassHashes,
                    Map<String, MutantRecord> mutants) {
  }

  /** One mutant's result; {@code killingTestClasses} parallels {@code killingTests} ("?" when unknown). */
  record MutantRecord(String key, DetectionStatus status, int testsRun, List<String> killingTests,
                      List<String> killingTestClasses, List<String> succeedingTests, List<String> coveringTests) {
  }
}
