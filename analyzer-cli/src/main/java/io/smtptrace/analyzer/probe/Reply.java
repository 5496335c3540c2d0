package io.smtptrace.analyzer.probe;

import java.util.List;

/** One SMTP reply: the code and every line as received (continuation lines included). */
public record Reply(int code, List<String> lines) {
    /** The last line, as JavaMail puts it into its exception messages ("530 5.7.0 Must issue a STARTTLS command first"). */
    public String text() {
        return lines.isEmpty() ? String.valueOf(code) : lines.get(lines.size() - 1);
    }

    public boolean positive() {
        return code >= 200 && code < 400;
    }

    /** Lines after the first, without their "250-" prefix: the EHLO extensions. */
    public List<String> extensions() {
        return lines.stream().skip(1).map(l -> l.length() > 4 ? l.substring(4) : "").toList();
    }
}
