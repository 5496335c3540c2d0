package io.smtptrace.analyzer.read;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decides an input's encoding from its first bytes: UTF-8 unless the bytes say UTF-16. A UTF-16 byte-order mark is
 * honoured only when what follows it is UTF-16 too: logs are concatenated and copied around, and two stray bytes
 * {@code FF FE} in front of UTF-8 lines must not turn them into CJK noise.
 */
final class EncodingSniffer {
    /** How much is looked at. Enough for dozens of lines; the decision is per input, made once. */
    static final int SAMPLE = 8192;

    /** The decision: decode with {@code charset} after skipping {@code skip} bytes; {@code note} is worth a warning. */
    record Decision(Charset charset, int skip, Note note) {}

    enum Note { NONE, BOM_BUT_UTF8, UTF16_WITHOUT_BOM }

    private EncodingSniffer() {}

    static Decision sniff(byte[] b, int n) {
        boolean le = n >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE;
        boolean be = n >= 2 && (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF;
        int off = le || be ? 2 : 0;
        int pairs = (n - off) / 2;
        int zerosEven = 0;
        int zerosOdd = 0;
        for (int i = off; i + 1 < n; i += 2) {
            if (b[i] == 0) zerosEven++;
            if (b[i + 1] == 0) zerosOdd++;
        }
        if (le || be) {
            if (pairs == 0) return new Decision(le ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE, 2, Note.NONE);
            // UTF-16 of text in Latin script has a zero in the high byte of most code units; UTF-8 text has none
            int highZeros = le ? zerosOdd : zerosEven;
            if (highZeros * 4 >= pairs) return new Decision(le ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE, 2, Note.NONE);
            if (validUtf8(b, off, n)) return new Decision(StandardCharsets.UTF_8, 2, Note.BOM_BUT_UTF8);
            // neither: text in another script is UTF-16 if it decodes cleanly as such
            if (plausibleUtf16(b, off, n, le)) return new Decision(le ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE, 2, Note.NONE);
            return new Decision(StandardCharsets.UTF_8, 2, Note.BOM_BUT_UTF8);
        }
        // no BOM: UTF-16 only when the zeros sit on one side of nearly every pair (binary data has them everywhere)
        if (pairs >= 8 && zerosOdd * 10 >= pairs * 7 && zerosEven * 20 < pairs) {
            return new Decision(StandardCharsets.UTF_16LE, 0, Note.UTF16_WITHOUT_BOM);
        }
        if (pairs >= 8 && zerosEven * 10 >= pairs * 7 && zerosOdd * 20 < pairs) {
            return new Decision(StandardCharsets.UTF_16BE, 0, Note.UTF16_WITHOUT_BOM);
        }
        return new Decision(StandardCharsets.UTF_8, 0, Note.NONE);
    }

    /**
     * Valid UTF-8 text: no NULs, hardly any other control characters (UTF-16 of a non-Latin script is all "ASCII
     * controls" when read bytewise); a sequence cut by the end of the sample is fine (the file goes on).
     */
    static boolean validUtf8(byte[] b, int from, int to) {
        int controls = 0;
        for (int i = from; i < to; i++) {
            int c = b[i];
            if (c == 0) return false;
            // PIT: c >= 0 is equivalent: a 0 byte returned false just above
            if (c > 0 && c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b) controls++;
        }
        if (controls * 100 > to - from) return false;
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // PIT: another output size here is equivalent: the UTF-8 decoder reports a malformed byte before it looks for room
        CoderResult r = d.decode(ByteBuffer.wrap(b, from, to - from), CharBuffer.allocate(to - from + 1), false);
        return !r.isError();
    }

    private static boolean plausibleUtf16(byte[] b, int from, int to, boolean le) {
        int len = (to - from) & ~1;
        CharsetDecoder d = (le ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE).newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out;
        try {
            d.reset();
            // PIT: len * 2 is equivalent: only more room
            out = CharBuffer.allocate(len / 2 + 1);
            CoderResult r = d.decode(ByteBuffer.wrap(b, from, len), out, false);
            if (r.isError()) return false;
        } catch (RuntimeException e) {
            return false;
        }
        out.flip();
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\r' && c != '\n' || c == 0xFFFE || c == 0xFFFF) return false;
        }
        return true;
    }
}
