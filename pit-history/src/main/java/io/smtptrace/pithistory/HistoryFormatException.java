package io.smtptrace.pithistory;

/** The history file cannot be trusted as a whole (foreign format, truncated, edited). */
final class HistoryFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  HistoryFormatException(String message) {
    super(message);
  }
}
