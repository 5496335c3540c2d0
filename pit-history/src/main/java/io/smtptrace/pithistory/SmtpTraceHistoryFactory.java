package io.smtptrace.pithistory;

import java.io.IOException;
import java.io.Reader;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;
import org.pitest.classinfo.ClassName;
import org.pitest.classpath.CodeSource;
import org.pitest.mutationtest.History;
import org.pitest.mutationtest.HistoryFactory;
import org.pitest.mutationtest.HistoryParams;
import org.pitest.mutationtest.incremental.WriterFactory;
import org.pitest.plugin.Feature;
import org.pitest.util.Log;

/**
 * PIT's history plug-in point (ServiceLoader, on the pitest-maven plugin's class path). On by default: PIT asks for a
 * store only when {@code historyInputFile}/{@code historyOutputFile} (or {@code withHistory}) is set.
 */
public final class SmtpTraceHistoryFactory implements HistoryFactory {

  @Override
  public History makeHistory(HistoryParams params, WriterFactory writer, Optional<Reader> reader) {
    Logger log = Log.getLogger();
    CodeSource code = params.code();
    return new IncrementalHistory(name -> hash(code, name), previous(reader, log), writer::create, log);
  }

  /** The last run's history; a missing one means a full run, an unreadable one a full run and one warning. */
  static Optional<HistoryData> previous(Optional<Reader> reader, Logger log) {
    if (reader.isEmpty()) {
      log.info("smtp-trace PIT history: no history yet, analysing every mutant");
      return Optional.empty();
    }
    try (Reader in = reader.get()) {
      return Optional.of(HistoryFile.read(in));
    } catch (IOException | RuntimeException e) {
      log.warning("smtp-trace PIT history: the history file is unreadable (" + e.getMessage()
          + "), analysing every mutant; it is rewritten at the end of this run");
      return Optional.empty();
    }
  }

  /**
   * PIT's deep hash (the class with its outer and super classes, CRC32 each) and a SHA-256 of the class's own bytes,
   * so a change to the class itself is never mistaken for none.
   */
  private static Optional<String> hash(CodeSource code, ClassName name) {
    Optional<byte[]> bytes = code.fetchClassBytes(name);
    return code.fetchClassHash(name).flatMap(h -> bytes.map(b -> h.getDeepHash().toString(16) + ":" + sha256(b)));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public Feature provides() {
    return Feature.named("SMTPTRACE_HISTORY").withOnByDefault(true)
        .withDescription("smtp-trace's history store for incremental analysis");
  }

  @Override
  public String description() {
    return "smtp-trace history store (reuses results of unchanged classes and tests)";
  }
}
