package io.smtptrace.postfixit;

import io.smtptrace.testsupport.MailLibrary;
import io.smtptrace.testsupport.Scenario;

/**
 * One way of sending through the Postfix of src/it/postfix/setup.sh: correctly, or misconfigured so that Postfix
 * answers the way the analyzer has a rule for.
 */
enum Case {
    SUBMISSION_STARTTLS_AUTH("submission", null, true, "SUBMISSION, STARTTLS + AUTH"),
    SMTPS_AUTH("smtps", null, true, "SMTPS (implicit TLS) + AUTH"),
    NO_STARTTLS("no-starttls", "starttls-required", true, "SUBMISSION without mail.smtp.starttls.enable"),
    NO_AUTH("no-auth", "auth-required", true, "AUTH_REQUIRED without mail.smtp.auth, 3 connections"),
    OVERSIZED("oversized", "body-rejected-after-data", true, "SUBMISSION, 250 kB body over SIZE 200000"),
    WRONG_PASSWORD("wrong-password", "auth-failed", false, "SUBMISSION, STARTTLS + AUTH with a wrong password"),
    RELAY("relay", "relay-denied", false, "OPEN_RELAY_CHECK to someone@outside.invalid"),
    UNKNOWN_USER("unknown-user", "recipient-rejected", false, "OPEN_RELAY_CHECK to nobody@example.test"),
    IMPLICIT_TLS_ON_PLAIN_PORT("implicit-tls-on-plain-port", "implicit-tls-on-starttls-port", false,
            "mail.smtp.ssl.enable against the plaintext AUTH_REQUIRED port"),
    PLAINTEXT_ON_SMTPS("plaintext-on-smtps", "plaintext-on-tls-port", false,
            "plaintext client on SMTPS, mail.smtp.timeout=2000"),
    AUTH_OVER_PLAINTEXT("auth-over-plaintext", "auth-over-plaintext", false, "AUTH on the plaintext AUTH_REQUIRED port"),
    UNTRUSTED_CERTIFICATE("untrusted-certificate", "tls-handshake-failed", false,
            "SUBMISSION STARTTLS without the Postfix truststore");

    static final int OVERSIZED_BODY = 250_000;
    static final String SUBJECT = "smtp-trace Postfix integration suite";

    final String id;
    /** The analyzer rule this misconfiguration must produce; null for a correct run (no error finding). */
    final String rule;
    /** Run for every library and stack; otherwise only for javax.mail 1.6.2 and Angus Mail 2.0.3. */
    final boolean everyLibrary;
    final String description;

    Case(String id, String rule, boolean everyLibrary, String description) {
        this.id = id;
        this.rule = rule;
        this.everyLibrary = everyLibrary;
        this.description = description;
    }

    boolean trustsPostfix() {
        return this != UNTRUSTED_CERTIFICATE;
    }

    /** JavaMail's debug log ends before the failure (no handshake exception): the analyzer infers it from where it ends. */
    boolean debugLogLacksException() {
        return this == UNTRUSTED_CERTIFICATE || this == IMPLICIT_TLS_ON_PLAIN_PORT;
    }

    boolean sendsSuccessfully() {
        return rule == null || this == AUTH_OVER_PLAINTEXT;
    }

    Scenario scenario(MailLibrary lib) {
        Scenario sc = Scenario.create().host(Postfix.HOST).from(Postfix.USER).to(Postfix.LOCAL_RECIPIENT)
                .subject(SUBJECT).prop("mail.smtp.connectiontimeout", "5000").prop("mail.smtp.timeout", "10000")
                .prop("mail.smtps.connectiontimeout", "5000").prop("mail.smtps.timeout", "10000");
        if (lib.isStack()) {
            sc.client(lib);
        }
        if (lib == MailLibrary.JAVAX_MAIL_1_4_7) {
            // javax.mail 1.4.7 asks for TLSv1 only, which Java 17 disables
            sc.prop("mail.smtp.ssl.protocols", "TLSv1.2").prop("mail.smtps.ssl.protocols", "TLSv1.2");
        }
        switch (this) {
            case SUBMISSION_STARTTLS_AUTH, OVERSIZED, WRONG_PASSWORD, UNTRUSTED_CERTIFICATE -> {
                sc.port(Postfix.SUBMISSION).prop("mail.smtp.starttls.enable", "true").prop("mail.smtp.auth", "true")
                        .credentials(Postfix.USER, this == WRONG_PASSWORD ? "wrong-" + Postfix.PASSWORD : Postfix.PASSWORD);
                if (this == OVERSIZED) {
                    sc.bodyBytes(OVERSIZED_BODY);
                }
            }
            case SMTPS_AUTH -> sc.protocol("smtps").port(Postfix.SMTPS).prop("mail.smtps.auth", "true")
                    .credentials(Postfix.USER, Postfix.PASSWORD);
            case NO_STARTTLS -> sc.port(Postfix.SUBMISSION).prop("mail.smtp.auth", "true")
                    .credentials(Postfix.USER, Postfix.PASSWORD);
            case NO_AUTH -> sc.port(Postfix.AUTH_REQUIRED).connections(3);
            case RELAY -> sc.port(Postfix.OPEN_RELAY_CHECK).to(Postfix.OUTSIDE_RECIPIENT);
            case UNKNOWN_USER -> sc.port(Postfix.OPEN_RELAY_CHECK).to(Postfix.UNKNOWN_RECIPIENT);
            case IMPLICIT_TLS_ON_PLAIN_PORT -> sc.port(Postfix.AUTH_REQUIRED).prop("mail.smtp.ssl.enable", "true")
                    .prop("mail.smtp.timeout", "2000");
            case PLAINTEXT_ON_SMTPS -> sc.port(Postfix.SMTPS).prop("mail.smtp.timeout", "2000");
            case AUTH_OVER_PLAINTEXT -> sc.port(Postfix.AUTH_REQUIRED).prop("mail.smtp.auth", "true")
                    .credentials(Postfix.USER, Postfix.PASSWORD);
            default -> throw new IllegalStateException(name());
        }
        return sc;
    }
}
