package io.smtptrace.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.read.EncodingSniffer.Decision;
import io.smtptrace.analyzer.read.EncodingSniffer.Note;

/** The encoding decision on the edges the CLI tests do not reach: other scripts, binary data, cut sequences. */
class EncodingSnifferTest {
    static final String LOG = "DEBUG SMTP: trying to connect to host \"localhost\", port 25\n220 mail.example.test ESMTP\nEHLO app\n";

    static Decision sniff(byte[] b) {
        return EncodingSniffer.sniff(b, b.length);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static final byte[] LE_BOM = {(byte) 0xFF, (byte) 0xFE};
    static final byte[] BE_BOM = {(byte) 0xFE, (byte) 0xFF};

    @Test
    void plainUtf8AndUtf8BomStayUtf8() {
        assertThat(sniff(LOG.getBytes(StandardCharsets.UTF_8))).isEqualTo(new Decision(StandardCharsets.UTF_8, 0, Note.NONE));
        // the UTF-8 BOM is left for format detection, which skips U+FEFF
        assertThat(sniff(("\uFEFF" + LOG).getBytes(StandardCharsets.UTF_8)).charset()).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void utf16WithBomEitherOrder() {
        assertThat(sniff(concat(LE_BOM, LOG.getBytes(StandardCharsets.UTF_16LE)))).isEqualTo(new Decision(StandardCharsets.UTF_16LE, 2, Note.NONE));
        assertThat(sniff(concat(BE_BOM, LOG.getBytes(StandardCharsets.UTF_16BE)))).isEqualTo(new Decision(StandardCharsets.UTF_16BE, 2, Note.NONE));
    }

    @Test
    void utf16OfAnotherScriptWithBomIsStillUtf16() {
        String thai = "\u0e01\u0e32\u0e23\u0e2a\u0e48\u0e07\u0e2d\u0e35\u0e40\u0e21\u0e25\u0e25\u0e49\u0e21\u0e40\u0e2b\u0e25\u0e27".repeat(20);
        assertThat(sniff(concat(LE_BOM, thai.getBytes(StandardCharsets.UTF_16LE))).charset()).isEqualTo(StandardCharsets.UTF_16LE);
    }

    @Test
    void bomInFrontOfUtf8IsDroppedWithANote() {
        String text = LOG + "Gr\u00fc\u00dfe, \u00e9t\u00e9, \u65e5\u672c\n";
        assertThat(sniff(concat(LE_BOM, text.getBytes(StandardCharsets.UTF_8)))).isEqualTo(new Decision(StandardCharsets.UTF_8, 2, Note.BOM_BUT_UTF8));
        assertThat(sniff(concat(BE_BOM, text.getBytes(StandardCharsets.UTF_8)))).isEqualTo(new Decision(StandardCharsets.UTF_8, 2, Note.BOM_BUT_UTF8));
        // a multi-byte sequence cut by the end of the sample does not make it invalid
        byte[] cut = concat(LE_BOM, (LOG + "\u65e5").getBytes(StandardCharsets.UTF_8));
        assertThat(EncodingSniffer.sniff(cut, cut.length - 1).charset()).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void utf16WithoutBomOnlyWhenTheZerosSayIt() {
        assertThat(sniff(LOG.getBytes(StandardCharsets.UTF_16LE))).isEqualTo(new Decision(StandardCharsets.UTF_16LE, 0, Note.UTF16_WITHOUT_BOM));
        assertThat(sniff(LOG.getBytes(StandardCharsets.UTF_16BE))).isEqualTo(new Decision(StandardCharsets.UTF_16BE, 0, Note.UTF16_WITHOUT_BOM));
        byte[] binary = new byte[4096];
        new Random(3).nextBytes(binary);
        for (int i = 0; i < binary.length; i += 3) binary[i] = 0; // zeros on both sides of the pairs
        assertThat(sniff(binary).charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(sniff(new byte[0]).charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(sniff(LE_BOM)).isEqualTo(new Decision(StandardCharsets.UTF_16LE, 2, Note.NONE));
    }

    @Test
    void garbageAfterABomIsReadAsUtf8WithReplacement() {
        byte[] junk = new byte[2000];
        new Random(5).nextBytes(junk);
        for (int i = 0; i < junk.length; i++) if (junk[i] == 0) junk[i] = 1;
        Charset c = sniff(concat(LE_BOM, junk)).charset();
        assertThat(c).isEqualTo(StandardCharsets.UTF_8);
    }
}
