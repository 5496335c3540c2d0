package io.smtptrace.pithistory;

import io.smtptrace.pithistory.HistoryData.ClassEntry;
import io.smtptrace.pithistory.HistoryData.MutantRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pitest.mutationtest.DetectionStatus;

/**
 * The history file: plain text, one record a line, fields separated by tabs and URL-encoded (test names contain
 * anything); lists are encoded items separated by spaces. A header names the format and an END line counts the
 * records, so a truncated or foreign file is rejected as a whole instead of half-trusted.
 */
final class HistoryFile {
  static final String HEADER = "smtp-trace-pit-history\t1";

  private HistoryFile() {
  }

  static void write(HistoryData data, PrintWriter out) {
    out.println(HEADER);
    int records = 0;
    for (ClassEntry c : data.classes().values()) {
      out.println(line("C", encode(c.name()), encode(c.hash())));
      records++;
      for (Map.Entry<String, String> t : c.testClassHashes().entrySet()) {
        out.println(line("T", encode(t.getKey()), encode(t.getValue()),
            c.coveringTestClasses().contains(t.getKey()) ? "1" : "0"));
        records++;
      }
      for (String covering : c.coveringTestClasses()) {
        if (!c.testClassHashes().containsKey(covering)) {
          // a covering test whose hash PIT could not give: recorded without one, so it never matches
          out.println(line("T", encode(covering), "", "1"));
          records++;
        }
      }
      for (MutantRecord m : c.mutants().values()) {
        out.println(line("M", encode(m.key()), m.status().name(), Integer.toString(m.testsRun()), list(m.killingTests()),
            list(m.killingTestClasses()), list(m.succeedingTests()), list(m.coveringTests())));
        records++;
      }
    }
    out.println("END\t" + records);
    out.flush();
  }

  /** Reads a whole file; any defect is a {@link HistoryFormatException} naming the line. */
  static HistoryData read(Reader in) throws IOException {
    BufferedReader lines = new BufferedReader(in);
    String header = lines.readLine();
    if (!HEADER.equals(header)) {
      throw new HistoryFormatException("line 1: not an smtp-trace PIT history file (or another version)");
    }
    Map<String, ClassEntry> classes = new LinkedHashMap<>();
    Builder current = null;
    int records = 0;
    int lineNo = 1;
    String line;
    while ((line = lines.readLine()) != null) {
      lineNo++;
      String[] f = line.split("\t", -1);
      try {
        switch (f[0]) {
          case "C" -> {
            expect(f, 3);
            if (current != null) {
              classes.put(current.name, current.build());
            }
            current = new Builder(decode(f[1]), decode(f[2]));
          }
          case "T" -> {
            expect(f, 4);
            Builder c = inClass(current);
            String testClass = decode(f[1]);
            if (!f[2].isEmpty()) {
              c.testClassHashes.put(testClass, decode(f[2]));
            }
            if ("1".equals(f[3])) {
              c.covering.add(testClass);
            }
          }
          case "M" -> {
            expect(f, 8);
            MutantRecord m = new MutantRecord(decode(f[1]), DetectionStatus.valueOf(f[2]), Integer.parseInt(f[3]),
                unlist(f[4]), unlist(f[5]), unlist(f[6]), unlist(f[7]));
            if (m.killingTests().size() != m.killingTestClasses().size()) {
              throw new HistoryFormatException("killing tests and their classes differ in number");
            }
            inClass(current).mutants.put(m.key(), m);
          }
          case "END" -> {
            expect(f, 2);
            if (Integer.parseInt(f[1]) != records || lines.readLine() != null) {
              throw new HistoryFormatException("the record count does not match (truncated or edited file)");
            }
            if (current != null) {
              classes.put(current.name, current.build());
            }
            return new HistoryData(classes);
          }
          default -> throw new HistoryFormatException("unknown record '" + f[0] + "'");
        }
      } catch (HistoryFormatException e) {
        throw new HistoryFormatException("line " + lineNo + ": " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new HistoryFormatException("line " + lineNo + ": " + e.getMessage());
      }
      records++;
    }
    throw new HistoryFormatException("line " + lineNo + ": no END record (truncated file)");
  }

  private static Builder inClass(Builder current) {
    if (current == null) {
      throw new HistoryFormatException("record before any class record");
    }
    return current;
  }

  private static void expect(String[] fields, int n) {
    if (fields.length != n) {
      throw new HistoryFormatException(n + " fields expected, found " + fields.length);
    }
  }

  /** Joins fields that are already encoded. */
  private static String line(String... encodedFields) {
    return String.join("\t", encodedFields);
  }

  private static String list(List<String> items) {
    List<String> encoded = new ArrayList<>();
    for (String item : items) {
      encoded.add(encode(item));
    }
    return String.join(" ", encoded);
  }

  private static List<String> unlist(String field) {
    if (field.isEmpty()) {
      return List.of();
    }
    return Arrays.stream(field.split(" ", -1)).map(HistoryFile::decode).toList();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static final class Builder {
    final String name;
    final String hash;
    final Set<String> covering = new LinkedHashSet<>();
    final Map<String, String> testClassHashes = new LinkedHashMap<>();
    final Map<String, MutantRecord> mutants = new LinkedHashMap<>();

    Builder(String name, String hash) {
      this.name = name;
      this.hash = hash;
    }

    ClassEntry build() {
      return new ClassEntry(name, hash, covering, testClassHashes, mutants);
    }
  }
}
