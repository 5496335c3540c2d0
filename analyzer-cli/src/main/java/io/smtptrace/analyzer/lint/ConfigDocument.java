package io.smtptrace.analyzer.lint;

import java.util.List;

/** The settings of one file, or of one document of a multi-document file, in the order written. */
public record ConfigDocument(String file, Kind kind, String profile, List<Setting> settings) {
    /** How the settings reach JavaMail, which decides their key layout. */
    public enum Kind {
        /** Spring Boot application.properties / application.yml: spring.mail.*, JavaMail keys under spring.mail.properties. */
        SPRING,
        /** A plain JavaMail properties file handed to Session.getInstance. */
        JAVAMAIL,
        /** -D options: a JVM options file or a JAVA_TOOL_OPTIONS string. */
        JVM_OPTIONS
    }
}
