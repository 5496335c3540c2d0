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

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    @Test
    void aQuarterOfZeroHighBytesAfterABomIsEnoughForUtf16() {
        // 'A', an unpaired surrogate, two CJK units: one pair in four has a zero high byte; not UTF-8, not clean UTF-16
        byte[] le = concat(LE_BOM, bytes(0x41, 0, 0, 0xD8, 0x41, 0x41, 0x41, 0x41));
        assertThat(sniff(le)).isEqualTo(new Decision(StandardCharsets.UTF_16LE, 2, Note.NONE));
        byte[] be = concat(BE_BOM, bytes(0, 0x41, 0xD8, 0, 0x41, 0x41, 0x41, 0x41));
        assertThat(sniff(be)).isEqualTo(new Decision(StandardCharsets.UTF_16BE, 2, Note.NONE));
        // one in five is not: then neither UTF-8 nor clean UTF-16 means UTF-8 with replacement
        byte[] fewer = concat(LE_BOM, bytes(0x41, 0, 0, 0xD8, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41));
        assertThat(sniff(fewer)).isEqualTo(new Decision(StandardCharsets.UTF_8, 2, Note.BOM_BUT_UTF8));
    }

    @Test
    void utf8AfterABomMayHaveOneControlCharacterInAHundred() {
        byte[] text = "a".repeat(99).getBytes(StandardCharsets.UTF_8);
        byte[] one = concat(LE_BOM, concat(bytes(0x01), text));
        assertThat(sniff(one)).isEqualTo(new Decision(StandardCharsets.UTF_8, 2, Note.BOM_BUT_UTF8));
        byte[] two = concat(LE_BOM, concat(bytes(0x01, 0x02), "a".repeat(98).getBytes(StandardCharsets.UTF_8)));
        assertThat(sniff(two).charset()).as("two in a hundred: UTF-16 of another script").isEqualTo(StandardCharsets.UTF_16LE);
        // blanks, tabs, line ends, form feeds and ESC are text, however many
        byte[] blanks = concat(BE_BOM, " \t\r\n\f\u001b \t\r\n\f\u001b".repeat(10).getBytes(StandardCharsets.UTF_8));
        assertThat(sniff(blanks)).isEqualTo(new Decision(StandardCharsets.UTF_8, 2, Note.BOM_BUT_UTF8));
        assertThat(EncodingSniffer.validUtf8(bytes(0xC3, 0xA9, 0x41), 0, 3)).isTrue();
        assertThat(EncodingSniffer.validUtf8(bytes(0xC3, 0x41, 0x41), 0, 3)).isFalse();
        assertThat(EncodingSniffer.validUtf8(bytes(0x41, 0x00, 0x41), 0, 3)).isFalse();
        assertThat(EncodingSniffer.validUtf8(bytes(0x00, 0x41, 0x41), 1, 3)).as("only the range counts").isTrue();
        assertThat(EncodingSniffer.validUtf8(bytes(0x41, 0x41, 0xC3), 0, 2)).isTrue();
    }

    @Test
    void utf16AfterABomMustNotHoldControlsOrNonCharacters() {
        // U+4141 CJK units with a U+FFFE or U+FFFF, or a control, are no UTF-16 text
        byte[] nonChar = concat(LE_BOM, bytes(0x41, 0x41, 0xFE, 0xFF, 0x41, 0x41));
        assertThat(sniff(nonChar).charset()).isEqualTo(StandardCharsets.UTF_8);
        byte[] nonChar2 = concat(LE_BOM, bytes(0x41, 0x41, 0xFF, 0xFF, 0x41, 0x41));
        assertThat(sniff(nonChar2).charset()).isEqualTo(StandardCharsets.UTF_8);
        byte[] fine = concat(LE_BOM, bytes(0x41, 0x41, 0xFD, 0xFF, 0x42, 0x41, 0x09, 0x4E, 0x41));
        assertThat(sniff(fine)).as("an odd byte at the end is left for later").isEqualTo(new Decision(StandardCharsets.UTF_16LE, 2, Note.NONE));
    }

    @Test
    void utf16WithoutBomNeedsEightPairsAndZerosOnOneSide() {
        byte[] eight = "ABCDEFGH".getBytes(StandardCharsets.UTF_16LE);
        assertThat(sniff(eight)).isEqualTo(new Decision(StandardCharsets.UTF_16LE, 0, Note.UTF16_WITHOUT_BOM));
        assertThat(sniff("ABCDEFGH".getBytes(StandardCharsets.UTF_16BE))).isEqualTo(new Decision(StandardCharsets.UTF_16BE, 0, Note.UTF16_WITHOUT_BOM));
        assertThat(sniff("ABCDEFG".getBytes(StandardCharsets.UTF_16LE)).charset()).as("seven pairs").isEqualTo(StandardCharsets.UTF_8);
        assertThat(sniff("ABCDEFG".getBytes(StandardCharsets.UTF_16BE)).charset()).isEqualTo(StandardCharsets.UTF_8);
        // seven in ten pairs with a zero high byte is enough, six is not
        byte[] seven = concat("ABCDEFG".getBytes(StandardCharsets.UTF_16LE), bytes(0x41, 0x41, 0x41, 0x41, 0x41, 0x41));
        assertThat(sniff(seven).charset()).isEqualTo(StandardCharsets.UTF_16LE);
        byte[] six = concat("ABCDEF".getBytes(StandardCharsets.UTF_16LE), bytes(0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41));
        assertThat(sniff(six).charset()).isEqualTo(StandardCharsets.UTF_8);
        byte[] sevenBe = concat("ABCDEFG".getBytes(StandardCharsets.UTF_16BE), bytes(0x41, 0x41, 0x41, 0x41, 0x41, 0x41));
        assertThat(sniff(sevenBe).charset()).isEqualTo(StandardCharsets.UTF_16BE);
        byte[] sixBe = concat("ABCDEF".getBytes(StandardCharsets.UTF_16BE), bytes(0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41));
        assertThat(sniff(sixBe).charset()).isEqualTo(StandardCharsets.UTF_8);
        // a zero on the other side in fewer than one pair in twenty is tolerated, one in twenty is not
        String nineteen = "ABCDEFGHIJKLMNOPQRS";
        byte[] le19 = concat(nineteen.getBytes(StandardCharsets.UTF_16LE), bytes(0, 0));
        assertThat(sniff(le19).charset()).as("20 pairs, one with a low zero").isEqualTo(StandardCharsets.UTF_8);
        byte[] le20 = concat((nineteen + "T").getBytes(StandardCharsets.UTF_16LE), bytes(0, 0));
        assertThat(sniff(le20).charset()).as("21 pairs, one with a low zero").isEqualTo(StandardCharsets.UTF_16LE);
        byte[] be19 = concat(nineteen.getBytes(StandardCharsets.UTF_16BE), bytes(0, 0));
        assertThat(sniff(be19).charset()).isEqualTo(StandardCharsets.UTF_8);
        byte[] be20 = concat((nineteen + "T").getBytes(StandardCharsets.UTF_16BE), bytes(0, 0));
        assertThat(sniff(be20).charset()).isEqualTo(StandardCharsets.UTF_16BE);
        // only the first n bytes count
        assertThat(EncodingSniffer.sniff(concat(eight, new byte[] {0x41}), 16).charset()).isEqualTo(StandardCharsets.UTF_16LE);
        assertThat(EncodingSniffer.sniff(bytes(0xFF, 0xFE, 0x41), 1).charset()).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void aBigEndianMarkAloneIsUtf16() {
        assertThat(sniff(BE_BOM)).isEqualTo(new Decision(StandardCharsets.UTF_16BE, 2, Note.NONE));
    }

    @Test
    void utf16WithAnsiColoursAfterItsMarkStaysUtf16() {
        // ESC is a control character: not "clean" UTF-16 text, but the zero high bytes after the mark decide
        String coloured = "\u001b[32mDEBUG SMTP:\u001b[0m connected\n";
        assertThat(sniff(concat(LE_BOM, coloured.getBytes(StandardCharsets.UTF_16LE))))
                .isEqualTo(new Decision(StandardCharsets.UTF_16LE, 2, Note.NONE));
        assertThat(sniff(concat(BE_BOM, coloured.getBytes(StandardCharsets.UTF_16BE))))
                .isEqualTo(new Decision(StandardCharsets.UTF_16BE, 2, Note.NONE));
    }

    @Test
    void utf16OfAnotherScriptWithBlanksTabsAndLineEnds() {
        // few zero high bytes (the blanks, tabs and line ends), so the decoded text decides: blanks and those are text
        String thai = "\u0e01\u0e32\u0e23\u0e2a\u0e48\u0e07\u0e2d\u0e35\u0e40\u0e21\u0e25 \u0e25\u0e49\u0e21\u0e40\u0e2b\u0e25\u0e27\t\u0e01\u0e32\u0e23\u0e2a\u0e48\u0e07\r\n";
        for (String text : new String[] {thai, thai.replace('\t', '\u0e01'), thai.replace("\r", ""), thai.replace(" ", "")}) {
            byte[] le = concat(LE_BOM, text.repeat(5).getBytes(StandardCharsets.UTF_16LE));
            assertThat(sniff(le)).as(text).isEqualTo(new Decision(StandardCharsets.UTF_16LE, 2, Note.NONE));
            byte[] be = concat(BE_BOM, text.repeat(5).getBytes(StandardCharsets.UTF_16BE));
            assertThat(sniff(be)).as(text).isEqualTo(new Decision(StandardCharsets.UTF_16BE, 2, Note.NONE));
        }
    }

    @Test
    void aNonCharacterAtTheVeryEndIsSeen() {
        byte[] le = concat(LE_BOM, bytes(0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0xFE, 0xFF));
        assertThat(sniff(le)).isEqualTo(new Decision(StandardCharsets.UTF_8, 2, Note.BOM_BUT_UTF8));
    }

    @Test
    void oneControlCharacterInNinetyNineBytesIsTooMany() {
        byte[] b = concat(LE_BOM, concat(bytes(0x01), "a".repeat(98).getBytes(StandardCharsets.UTF_8)));
        assertThat(sniff(b).charset()).isEqualTo(StandardCharsets.UTF_16LE);
        assertThat(EncodingSniffer.validUtf8(bytes(0x41, 0x41, 0xFF), 0, 3)).as("an invalid last byte").isFalse();
    }
}
