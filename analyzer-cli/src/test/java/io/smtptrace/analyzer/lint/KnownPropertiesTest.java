package io.smtptrace.analyzer.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class KnownPropertiesTest {
    @Test
    void nearestKnownNameForTyposOnly() {
        List<String> smtp = KnownProperties.SMTP.stream().map(n -> "mail.smtp." + n).toList();
        assertThat(KnownProperties.nearest("mail.smtp.timout", smtp)).contains("mail.smtp.timeout");
        assertThat(KnownProperties.nearest("mail.smtp.sll.trust", smtp)).contains("mail.smtp.ssl.trust");
        assertThat(KnownProperties.nearest("mail.smtp.starttls.enabled", smtp)).contains("mail.smtp.starttls.enable");
        assertThat(KnownProperties.nearest("mail.smtp.frobnicate.everything", smtp)).isEmpty();
    }
}
