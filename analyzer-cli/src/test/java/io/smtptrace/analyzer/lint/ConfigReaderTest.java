package io.smtptrace.analyzer.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.lint.ConfigDocument.Kind;

/** Keys, values and line numbers as written, for each of the three layouts. */
class ConfigReaderTest {
    @Test
    void propertiesKeepTheLineOfEachLogicalLineAndSpringDocuments() throws Exception {
        List<ConfigDocument> docs = ConfigReader.read("conf/application-dev.properties", String.join("\n",
                "# comment", "spring.mail.host = smtp.example.com", "spring.mail.properties.mail.smtp.from=a\\", "   b@example.com",
                "spring.mail.port:587", "#---", "spring.config.activate.on-profile=prod", "spring.mail.port=465", ""));
        assertThat(docs).hasSize(2);
        assertThat(docs.get(0).kind()).isEqualTo(Kind.SPRING);
        assertThat(docs.get(0).profile()).isEqualTo("dev");
        assertThat(docs.get(0).settings()).extracting(Setting::key, Setting::value, Setting::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("spring.mail.host", "smtp.example.com", 2),
                org.assertj.core.groups.Tuple.tuple("spring.mail.properties.mail.smtp.from", "ab@example.com", 3),
                org.assertj.core.groups.Tuple.tuple("spring.mail.port", "587", 5));
        assertThat(docs.get(1).profile()).isEqualTo("prod");
        assertThat(docs.get(1).settings().get(1).line()).isEqualTo(8);
    }

    @Test
    void plainJavaMailPropertiesAreNotSpring() throws Exception {
        assertThat(ConfigReader.read("mail.properties", "mail.smtp.host=h\n").get(0).kind()).isEqualTo(Kind.JAVAMAIL);
    }

    @Test
    void yamlIsFlattenedWithLinesAndDocuments() throws Exception {
        List<ConfigDocument> docs = ConfigReader.read("application.yaml", String.join("\n",
                "spring:", "  mail:", "    host: h", "    properties:", "      \"[mail.smtp.auth]\": true", "      mail:",
                "        smtp.timeout: 5000", "list: [a, b]", "---", "spring.mail.port: 25", ""));
        assertThat(docs).hasSize(2);
        assertThat(docs.get(0).settings()).extracting(Setting::key, Setting::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("spring.mail.host", 3),
                org.assertj.core.groups.Tuple.tuple("spring.mail.properties.[mail.smtp.auth]", 5),
                org.assertj.core.groups.Tuple.tuple("spring.mail.properties.mail.smtp.timeout", 7),
                org.assertj.core.groups.Tuple.tuple("list[0]", 8), org.assertj.core.groups.Tuple.tuple("list[1]", 8));
        assertThat(MailConfig.normalKey("spring.mail.properties.[mail.smtp.auth]")).isEqualTo("spring.mail.properties.mail.smtp.auth");
        assertThat(docs.get(1).settings().get(0).line()).isEqualTo(10);
    }

    @Test
    void badYamlNamesTheLine() {
        assertThatThrownBy(() -> ConfigReader.read("application.yml", "spring:\n  mail:\n    host: [x\n  port: 1\n"))
                .isInstanceOf(ConfigReader.BadInputException.class)
                .satisfies(e -> assertThat(((ConfigReader.BadInputException) e).line()).isBetween(3, 5));
    }

    @Test
    void jvmOptionsWithShellQuoting() throws Exception {
        List<ConfigDocument> docs = ConfigReader.read("jvm.options", String.join("\n",
                "# options", "-Xmx1g -Dmail.smtp.host=h", "\"-Dmail.smtp.from=App <a@b.c>\" -Dmail.smtp.localhost='my host'", "-Dflag", ""));
        assertThat(docs.get(0).kind()).isEqualTo(Kind.JVM_OPTIONS);
        assertThat(docs.get(0).settings()).extracting(Setting::key, Setting::value, Setting::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("mail.smtp.host", "h", 2),
                org.assertj.core.groups.Tuple.tuple("mail.smtp.from", "App <a@b.c>", 3),
                org.assertj.core.groups.Tuple.tuple("mail.smtp.localhost", "my host", 3),
                org.assertj.core.groups.Tuple.tuple("flag", "", 4));
    }
}
