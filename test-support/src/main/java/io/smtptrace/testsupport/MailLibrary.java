package io.smtptrace.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The mail libraries (and client stacks) the agent supports, with their jars copied by test-support's pom into
 * {@code test-support/target/mail-libs/<id>/} (maven-dependency-plugin, phase generate-resources).
 * <p>The folder is {@code -Dsmtptrace.mailLibs=<dir>} if set, else the first {@code test-support/target/mail-libs}
 * found searching upward from the working directory.
 */
public enum MailLibrary {
    JAVAX_MAIL_1_4_7("javax.mail-1.4.7", "javax.mail:mail:1.4.7", Api.JAVAX, Client.JAVAMAIL),
    JAVAX_MAIL_1_5_6("javax.mail-1.5.6", "com.sun.mail:javax.mail:1.5.6", Api.JAVAX, Client.JAVAMAIL),
    JAVAX_MAIL_1_6_2("javax.mail-1.6.2", "com.sun.mail:javax.mail:1.6.2", Api.JAVAX, Client.JAVAMAIL),
    JAKARTA_MAIL_1_6_7("jakarta.mail-1.6.7", "com.sun.mail:jakarta.mail:1.6.7", Api.JAVAX, Client.JAVAMAIL),
    JAKARTA_MAIL_2_0_1("jakarta.mail-2.0.1", "com.sun.mail:jakarta.mail:2.0.1", Api.JAKARTA, Client.JAVAMAIL),
    ANGUS_MAIL_1_1_0("angus-mail-1.1.0", "org.eclipse.angus:angus-mail:1.1.0", Api.JAKARTA, Client.JAVAMAIL),
    ANGUS_MAIL_2_0_3("angus-mail-2.0.3", "org.eclipse.angus:angus-mail:2.0.3", Api.JAKARTA, Client.JAVAMAIL),

    /** Spring Framework 6.2 JavaMailSenderImpl on Angus Mail 2.0.3 (MailClientApp {@code client=spring}). */
    SPRING_6_ANGUS_MAIL_2_0_3("spring-6.2.19-angus-mail-2.0.3",
            "org.springframework:spring-context-support:6.2.19 + org.eclipse.angus:angus-mail:2.0.3",
            Api.JAKARTA, Client.SPRING),
    /** Spring Framework 5.3 JavaMailSenderImpl on javax.mail 1.6.2 (MailClientApp {@code client=spring}). */
    SPRING_5_JAVAX_MAIL_1_6_2("spring-5.3.39-javax.mail-1.6.2",
            "org.springframework:spring-context-support:5.3.39 + com.sun.mail:javax.mail:1.6.2",
            Api.JAVAX, Client.SPRING),
    /** Apache Commons Email 1.6.0 on javax.mail 1.6.2 (MailClientApp {@code client=commons-email}). */
    COMMONS_EMAIL_1_6_0("commons-email-1.6.0-javax.mail-1.6.2",
            "org.apache.commons:commons-email:1.6.0 + com.sun.mail:javax.mail:1.6.2",
            Api.JAVAX, Client.COMMONS_EMAIL);

    /** Which package the mail API lives in. */
    public enum Api {
        JAVAX("javax.mail"), JAKARTA("jakarta.mail");

        private final String packageName;

        Api(String packageName) {
            this.packageName = packageName;
        }

        public String packageName() {
            return packageName;
        }
    }

    /** The value of MailClientApp's {@code client} key that fits the stack. */
    public enum Client {
        JAVAMAIL("javamail"), SPRING("spring"), COMMONS_EMAIL("commons-email");

        private final String scenarioValue;

        Client(String scenarioValue) {
            this.scenarioValue = scenarioValue;
        }

        public String scenarioValue() {
            return scenarioValue;
        }
    }

    public static final String MAIL_LIBS_PROPERTY = "smtptrace.mailLibs";

    private final String id;
    private final String coordinates;
    private final Api api;
    private final Client client;

    MailLibrary(String id, String coordinates, Api api, Client client) {
        this.id = id;
        this.coordinates = coordinates;
        this.api = api;
        this.client = client;
    }

    /** Folder name under mail-libs, e.g. {@code javax.mail-1.6.2}. */
    public String id() {
        return id;
    }

    /** Maven coordinates of the mail library (for stacks: "framework + mail library"). */
    public String coordinates() {
        return coordinates;
    }

    public Api api() {
        return api;
    }

    public Client client() {
        return client;
    }

    /** True for the Spring / Commons Email stacks. */
    public boolean isStack() {
        return client != Client.JAVAMAIL;
    }

    /** Transport class name of this version (javax.mail 1.4.7 ... angus 1.x: com.sun.mail.smtp; angus 2.x: org.eclipse.angus.mail.smtp). */
    public String smtpTransportClassName() {
        return (this == ANGUS_MAIL_2_0_3 || this == SPRING_6_ANGUS_MAIL_2_0_3)
                ? "org.eclipse.angus.mail.smtp.SMTPTransport" : "com.sun.mail.smtp.SMTPTransport";
    }

    /** The plain mail libraries (no stacks). */
    public static List<MailLibrary> mailLibraries() {
        return Arrays.stream(values()).filter(l -> !l.isStack()).toList();
    }

    /** The Spring / Commons Email stacks. */
    public static List<MailLibrary> stacks() {
        return Arrays.stream(values()).filter(MailLibrary::isStack).toList();
    }

    public static MailLibrary byId(String id) {
        for (MailLibrary l : values()) {
            if (l.id.equals(id)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown mail library " + id);
    }

    /** {@code <mail-libs>/<id>} */
    public Path directory() {
        return mailLibsDirectory().resolve(id);
    }

    /** The jars of this library / stack (sorted by file name); fails if the folder is missing or empty. */
    public List<Path> jars() {
        Path dir = directory();
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> jars = s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
            if (jars.isEmpty()) {
                throw new IllegalStateException("no jars in " + dir);
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException("mail library folder " + dir
                    + " not found: build test-support (mvn -pl test-support generate-resources) or set -D"
                    + MAIL_LIBS_PROPERTY, e);
        }
    }

    /**
     * The mail-libs folder: {@code -Dsmtptrace.mailLibs} if that directory exists; else the first
     * {@code test-support/target/mail-libs} found upward from the property's path (a property computed from the
     * wrong base directory, e.g. {@code agent/test-support/target/mail-libs}, still works) or from {@code user.dir}.
     */
    public static Path mailLibsDirectory() {
        String prop = System.getProperty(MAIL_LIBS_PROPERTY);
        Path fromProperty = null;
        if (prop != null && !prop.isBlank()) {
            fromProperty = Path.of(prop).toAbsolutePath().normalize();
            if (Files.isDirectory(fromProperty)) {
                return fromProperty;
            }
            Path found = searchUpward(fromProperty.getParent());
            if (found != null) {
                return found;
            }
        }
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        Path found = searchUpward(dir);
        if (found != null) {
            return found;
        }
        throw new IllegalStateException("cannot find test-support/target/mail-libs above " + dir
                + (fromProperty == null ? "" : " (-D" + MAIL_LIBS_PROPERTY + "=" + fromProperty + " does not exist)")
                + "; build test-support (mvn -pl test-support generate-resources) or set -D" + MAIL_LIBS_PROPERTY);
    }

    private static Path searchUpward(Path start) {
        for (Path d = start; d != null; d = d.getParent()) {
            Path candidate = d.resolve("test-support/target/mail-libs");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            if (d.getFileName() != null && d.getFileName().toString().equals("test-support")
                    && Files.isDirectory(d.resolve("target/mail-libs"))) {
                return d.resolve("target/mail-libs");
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return id;
    }
}
