package io.smtptrace.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.mail.smtp.SMTPOutputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BodyStatsTest {

    @Test
    void countsWhatTheDiagnosticsNeed() {
        BodyStats s = new BodyStats();
        byte[] b = "Subject: x\r\n\r\n.leading dot\nbare lf\rbare cr\r\nna\u00efve\0end".getBytes(StandardCharsets.UTF_8);
        s.write(b, 0, b.length);
        BodyStats.Snapshot r = s.snapshot();
        assertThat(r.dotLines).isEqualTo(1);
        assertThat(r.bareLf).isEqualTo(1);
        assertThat(r.bareCr).isEqualTo(1);
        assertThat(r.nonAscii).isEqualTo(2); // ï is two bytes in UTF-8
        assertThat(r.nul).isEqualTo(1);
        assertThat(r.lines).isEqualTo(6);
        assertThat(r.longestLine).isEqualTo(".leading dot".length());
    }

    @Test
    void aCrLfSplitAcrossWritesIsNotBare() {
        BodyStats s = new BodyStats();
        s.write('a');
        s.write('\r');
        s.write(new byte[] {'\n', 'b', '\r', '\n'}, 0, 4);
        assertThat(s.snapshot().bareCr).isZero();
        assertThat(s.snapshot().bareLf).isZero();
        assertThat(s.snapshot().lines).isEqualTo(2);
    }

    /** The wire size must equal what JavaMail's own SMTPOutputStream writes, plus ensureAtBOL(). */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 64, 4096})
    void wireBytesMatchJavaMailsOwnStream(int chunk) throws Exception {
        Random rnd = new Random(chunk);
        byte[] alphabet = "ab.\r\n\0\u00e9 ".getBytes(StandardCharsets.ISO_8859_1);
        for (int round = 0; round < 50; round++) {
            byte[] msg = new byte[rnd.nextInt(3000)];
            for (int i = 0; i < msg.length; i++) {
                msg[i] = alphabet[rnd.nextInt(alphabet.length)];
            }
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            SMTPOutputStream out = new SMTPOutputStream(wire);
            BodyStats stats = new BodyStats();
            for (int off = 0; off < msg.length; off += chunk) {
                int len = Math.min(chunk, msg.length - off);
                if (len == 1) {
                    out.write(msg[off]);
                    stats.write(msg[off]);
                } else {
                    out.write(msg, off, len);
                    stats.write(msg, off, len);
                }
            }
            out.ensureAtBOL();
            assertThat(stats.snapshot().wireBytes).as("round %d", round).isEqualTo(wire.size());
        }
    }

    @Test
    void theAsciiBoundaryAndALineAsLongAsTheLongest() {
        BodyStats s = new BodyStats();
        s.write(new byte[] {0x7f, (byte) 0x80, (byte) 0xff, '\r', '\n', 'a', 'b', 'c'}, 0, 8);
        BodyStats.Snapshot r = s.snapshot();
        assertThat(r.nonAscii).as("0x80 and 0xff, not DEL").isEqualTo(2);
        assertThat(r.longestLine).isEqualTo(3);
        assertThat(r.lines).isEqualTo(2);
        assertThat(r.inputBytes).isEqualTo(8);
        assertThat(r.wireBytes).as("plus the CRLF JavaMail adds at the end").isEqualTo(10);
    }
}
