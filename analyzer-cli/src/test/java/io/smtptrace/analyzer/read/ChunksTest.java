package io.smtptrace.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** How an input is cut for parallel reading: at line ends, with the right line numbers, whatever the line lengths. */
class ChunksTest {
    static String text(Chunks.Chunk c) {
        return new String(c.bytes(), 0, c.length(), StandardCharsets.UTF_8);
    }

    static List<Chunks.Chunk> all(Chunks ch) throws IOException {
        List<Chunks.Chunk> out = new ArrayList<>();
        for (Chunks.Chunk c; (c = ch.next()) != null; ) out.add(c);
        return out;
    }

    static Chunks of(String s, long before, int size, int maxLine) {
        return new Chunks(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)), before, size, maxLine);
    }

    @Test
    void piecesEndAtTheLastLineEndWithinTheSizeAndCountTheLinesBefore() throws IOException {
        Chunks ch = of("aa\nbb\ncc\ndd\nee", 10, 7, 100);
        List<Chunks.Chunk> pieces = all(ch);
        assertThat(pieces).extracting(ChunksTest::text).containsExactly("aa\nbb\n", "cc\ndd\n", "ee");
        assertThat(pieces).extracting(Chunks.Chunk::linesBefore).containsExactly(10L, 12L, 14L);
        assertThat(ch.lines()).isEqualTo(14);
        assertThat(ch.longLine()).isFalse();
        assertThat(ch.next()).isNull();
    }

    @Test
    void aLineEndExactlyAtTheSizeBelongsToThePiece() throws IOException {
        List<Chunks.Chunk> pieces = all(of("abc\ndef\nghi\n", 0, 4, 100));
        assertThat(pieces).extracting(ChunksTest::text).containsExactly("abc\n", "def\n", "ghi\n");
        assertThat(pieces).extracting(Chunks.Chunk::linesBefore).containsExactly(0L, 1L, 2L);
        List<Chunks.Chunk> fives = all(of("abc\ndef\nghi\n", 0, 5, 100));
        assertThat(fives).extracting(ChunksTest::text).containsExactly("abc\n", "def\n", "ghi\n");
    }

    @Test
    void aLineLongerThanAPieceMakesAPieceOfItsOwn() throws IOException {
        String longLine = "x".repeat(50);
        Chunks ch = of("ab\n" + longLine + "\ncd\n", 0, 4, 1000);
        assertThat(all(ch)).extracting(ChunksTest::text).containsExactly("ab\n", longLine + "\n", "cd\n");
        assertThat(ch.lines()).isEqualTo(3);
        // no line end at all: the whole input is the last line
        assertThat(all(of(longLine, 0, 4, 1000))).extracting(ChunksTest::text).containsExactly(longLine);
    }

    @Test
    void aPieceIsNeverSplitInsideALineWhateverTheReadSizes() throws IOException {
        Random r = new Random(18);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 400; i++) sb.append("l").append(i).append(" ").append("y".repeat(r.nextInt(40))).append('\n');
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        for (int step : new int[] {1, 3, 64, 4096}) {
            Chunks ch = new Chunks(SlowStreams.trickle(b, step), 0, 97, 10_000);
            StringBuilder joined = new StringBuilder();
            long lines = 0;
            for (Chunks.Chunk c : all(ch)) {
                assertThat(c.linesBefore()).isEqualTo(lines);
                String t = text(c);
                assertThat(t).endsWith("\n");
                lines += t.chars().filter(x -> x == '\n').count();
                joined.append(t);
            }
            assertThat(joined.toString()).isEqualTo(sb.toString());
            assertThat(ch.lines()).isEqualTo(400);
        }
    }

    @Test
    void aLineLongerThanTheMaximumStopsTheCuttingAndTheRestIsHandedOnWhole() throws IOException {
        String huge = "z".repeat(300);
        Chunks ch = of("ab\ncd\n" + huge + "\nef\n", 5, 4, 100);
        assertThat(all(ch)).extracting(ChunksTest::text).containsExactly("ab\n", "cd\n");
        assertThat(ch.longLine()).isTrue();
        assertThat(ch.lines()).isEqualTo(7);
        assertThat(ch.next()).isNull();
        assertThat(new String(ch.rest().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(huge + "\nef\n");
    }

    @Test
    void aLineOfExactlyTheMaximumIsStillCut() throws IOException {
        String line = "z".repeat(64);
        Chunks ch = of(line + "\nab\n", 0, 8, 65);
        assertThat(all(ch)).extracting(ChunksTest::text).containsExactly(line + "\n", "ab\n");
        assertThat(ch.longLine()).isFalse();
    }

    @Test
    void aReadErrorComesAfterTheWholeLinesReadBeforeIt() throws IOException {
        byte[] head = "one\ntwo\nthr".getBytes(StandardCharsets.UTF_8);
        InputStream failing = new InputStream() {
            int pos;

            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos >= head.length) throw new IOException("disk gone");
                int n = Math.min(len, head.length - pos);
                System.arraycopy(head, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        Chunks ch = new Chunks(failing, 3, 1000, 1000);
        Chunks.Chunk c = ch.next();
        assertThat(text(c)).isEqualTo("one\ntwo\n");
        assertThat(c.linesBefore()).isEqualTo(3);
        assertThatThrownBy(ch::next).isInstanceOf(IOException.class).hasMessage("disk gone");
        assertThatThrownBy(ch::next).as("and again").isInstanceOf(IOException.class);
        // nothing whole before the error: thrown at once
        Chunks none = new Chunks(new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("bad sector");
            }
        }, 0, 10, 10);
        assertThatThrownBy(none::next).hasMessage("bad sector");
    }

    @Test
    void aPieceReadsAsCharactersWithItsLineNumbers() throws IOException {
        Chunks ch = of("héllo\nwörld\n", 9, 1000, 1000);
        CharSource src = ch.next().chars();
        assertThat(src.lineNumber()).isEqualTo(10);
        assertThat(src.readLine(100)).isEqualTo("héllo");
        assertThat(src.readLine(100)).isEqualTo("wörld");
        assertThat(src.readLine(100)).isNull();
        assertThat(src.lineNumber()).isEqualTo(12);
    }

    @Test
    void lineEndsAreCountedExactlyWhateverTheOtherBytes() {
        Random r = new Random(7);
        // bytes next to '\n' in value (0x0B, 0x8A, 0x09, 0x00, 0xFF) must not be counted by the eight-at-a-time scan
        byte[] alphabet = {'\n', 0x0B, (byte) 0x8A, 0x09, 0, (byte) 0xFF, 'a', 0x7F, (byte) 0x80, 0x0A};
        for (int round = 0; round < 300; round++) {
            byte[] b = new byte[r.nextInt(70)];
            for (int i = 0; i < b.length; i++) b[i] = alphabet[r.nextInt(alphabet.length)];
            int n = b.length == 0 ? 0 : r.nextInt(b.length + 1);
            long expected = 0;
            for (int i = 0; i < n; i++) if (b[i] == '\n') expected++;
            assertThat(Chunks.count(b, n)).as("round %d", round).isEqualTo(expected);
        }
        byte[] allNewlines = new byte[17];
        java.util.Arrays.fill(allNewlines, (byte) '\n');
        assertThat(Chunks.count(allNewlines, 17)).isEqualTo(17);
        assertThat(Chunks.count(allNewlines, 16)).isEqualTo(16);
        assertThat(Chunks.count(allNewlines, 8)).isEqualTo(8);
        assertThat(Chunks.count(allNewlines, 7)).isEqualTo(7);
    }

    @Test
    void aZeroSizeStillMakesProgress() throws IOException {
        assertThat(all(of("a\nb\n", 0, 0, 10))).extracting(ChunksTest::text).containsExactly("a\n", "b\n");
    }

    @Test
    void aStreamThatSometimesReadsNothingIsReadToItsEnd() throws IOException {
        // pipes may return 0 bytes; that is not the end of the input
        byte[] b = "aa\nbb\ncc\ndd\n".getBytes(StandardCharsets.UTF_8);
        InputStream zeros = SlowStreams.trickleWithEmptyReads(b, 2);
        Chunks ch = new Chunks(zeros, 0, 6, 100);
        assertThat(all(ch)).extracting(ChunksTest::text).containsExactly("aa\nbb\n", "cc\ndd\n");
        assertThat(ch.lines()).isEqualTo(4);
    }

    @Test
    void aLineOfExactlyTheMaximumReadInDoublingBuffersIsStillCut() throws IOException {
        String line = "z".repeat(64);
        Chunks ch = of(line + "\nab\n", 0, 8, 64);
        assertThat(all(ch)).extracting(ChunksTest::text).containsExactly(line + "\n", "ab\n");
        assertThat(ch.longLine()).isFalse();
        Chunks over = of("z".repeat(200) + "\nab\n", 0, 8, 64);
        assertThat(all(over)).isEmpty();
        assertThat(over.longLine()).isTrue();
    }

    @Test
    void anEmptyFirstLineIsAPieceEndOfItsOwn() throws IOException {
        Chunks ch = of("\n" + "x".repeat(10) + "\n", 3, 4, 100);
        List<Chunks.Chunk> pieces = all(ch);
        assertThat(pieces).extracting(ChunksTest::text).containsExactly("\n", "x".repeat(10) + "\n");
        assertThat(pieces).extracting(Chunks.Chunk::linesBefore).containsExactly(3L, 4L);
    }
}
