package io.smtptrace.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** The jar's entry class must load on any JVM, and on one older than 17 leave the application alone. */
public class EntryClassTest {

    @Test
    void entryClassIsJava8Bytecode() throws Exception {
        try (InputStream in = SmtpTraceAgent.class.getResourceAsStream("SmtpTraceAgent.class")) {
            DataInputStream d = new DataInputStream(in);
            assertThat(d.readInt()).isEqualTo(0xCAFEBABE);
            d.readUnsignedShort(); // minor
            assertThat(d.readUnsignedShort()).as("class-file major version (52 = Java 8)").isEqualTo(52);
        }
        // and it is the only one: no nested or helper class a Java 8 JVM would have to load first
        assertThat(SmtpTraceAgent.class.getDeclaredClasses()).isEmpty();
    }

    @Test
    void versionCheck() {
        assertThat(SmtpTraceAgent.supported("1.8")).isFalse();
        assertThat(SmtpTraceAgent.supported("11")).isFalse();
        assertThat(SmtpTraceAgent.supported("16")).isFalse();
        assertThat(SmtpTraceAgent.supported("17")).isTrue();
        assertThat(SmtpTraceAgent.supported("21")).isTrue();
        assertThat(SmtpTraceAgent.supported(null)).isFalse();
    }

    @Test
    @ResourceLock(Resources.SYSTEM_ERR)
    void onAnOlderJvmItSaysSoInOneLineAndReturns() {
        String said = stderrOf(() -> SmtpTraceAgent.start("file=/x", null, false, "11"));
        assertThat(said.lines()).containsExactly(
                "[smtp-trace] smtp-trace needs Java 17+ (this is Java 11); the application runs without it");
        said = stderrOf(() -> SmtpTraceAgent.start(null, null, true, "1.8"));
        assertThat(said).contains("needs Java 17+ (this is Java 1.8)");
    }

    @Test
    void settingNamesNeverValues() {
        assertThat(SmtpTraceAgent.settingNames("file=/x.jsonl,envelope.key=s3cret")).isEqualTo("file, envelope.key")
                .doesNotContain("s3cret");
        assertThat(SmtpTraceAgent.settingNames(null)).isEmpty();
    }

    public static String stderrOf(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
