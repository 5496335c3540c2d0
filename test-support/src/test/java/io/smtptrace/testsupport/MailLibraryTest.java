package io.smtptrace.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MailLibraryTest {

    @Test
    void catalogue() {
        assertThat(MailLibrary.mailLibraries()).hasSize(7).noneMatch(MailLibrary::isStack);
        assertThat(MailLibrary.stacks()).hasSize(3);
        assertThat(MailLibrary.byId("angus-mail-2.0.3").api()).isEqualTo(MailLibrary.Api.JAKARTA);
        assertThat(MailLibrary.JAKARTA_MAIL_1_6_7.api()).isEqualTo(MailLibrary.Api.JAVAX);
        assertThatThrownBy(() -> MailLibrary.byId("nope")).isInstanceOf(IllegalArgumentException.class);
        for (MailLibrary l : MailLibrary.values()) {
            assertThat(l.jars()).as(l.id()).isNotEmpty().allMatch(Files::isRegularFile);
        }
        assertThat(MailLibrary.ANGUS_MAIL_1_1_0.jars()).extracting(p -> p.getFileName().toString())
                .containsExactly("angus-activation-1.1.0.jar", "angus-mail-1.1.0.jar",
                        "jakarta.activation-api-2.1.1.jar", "jakarta.mail-api-2.1.1.jar");
    }

    @Test
    void wrongPropertyFallsBackToUpwardSearch() {
        String saved = System.getProperty(MailLibrary.MAIL_LIBS_PROPERTY);
        Path real = MailLibrary.mailLibsDirectory();
        try {
            // as computed by a module build with the wrong base directory: <root>/agent/test-support/target/mail-libs
            Path root = real.getParent().getParent().getParent();
            System.setProperty(MailLibrary.MAIL_LIBS_PROPERTY,
                    root.resolve("agent/test-support/target/mail-libs").toString());
            assertThat(MailLibrary.mailLibsDirectory()).isEqualTo(real);
        } finally {
            if (saved == null) {
                System.clearProperty(MailLibrary.MAIL_LIBS_PROPERTY);
            } else {
                System.setProperty(MailLibrary.MAIL_LIBS_PROPERTY, saved);
            }
        }
    }
}
