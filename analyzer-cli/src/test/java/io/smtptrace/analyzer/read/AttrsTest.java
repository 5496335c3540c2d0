package io.smtptrace.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A span's attributes: insertion-ordered, a repeated key keeps its place and takes the last value, any number of keys. */
class AttrsTest {

    private static List<String> entries(Attrs a) {
        List<String> out = new ArrayList<>();
        a.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    @Test
    void keepsInsertionOrderAndTheLastValueOfARepeatedKey() {
        Attrs a = new Attrs();
        a.put("smtp.seq", 1L);
        a.put("server.address", "mx");
        a.put("smtp.seq", 2L);
        assertThat(entries(a)).containsExactly("smtp.seq=2", "server.address=mx");
        assertThat(a.size()).isEqualTo(2);
        assertThat(a.get("smtp.seq")).isEqualTo(2L);
        assertThat(a.get("missing")).isNull();
        assertThat(a.containsKey("server.address")).isTrue();
        assertThat(a.containsKey("missing")).isFalse();
    }

    @Test
    void growsPastItsFirstArrays() {
        Attrs a = new Attrs();
        for (int i = 0; i < 40; i++) a.put("k" + i, i);
        assertThat(a.size()).isEqualTo(40);
        for (int i = 0; i < 40; i++) assertThat(a.get("k" + i)).isEqualTo(i);
        assertThat(entries(a)).hasSize(40).startsWith("k0=0", "k1=1").endsWith("k39=39");
        a.put("k39", "last");
        a.put("k0", "first");
        assertThat(a.size()).isEqualTo(40);
        assertThat(entries(a)).startsWith("k0=first").endsWith("k39=last");
    }

    @Test
    void keysWithTheSameHashAreStillDifferentKeys() {
        // "Aa" and "BB" share String.hashCode
        Attrs a = new Attrs();
        a.put("Aa", "first");
        a.put("BB", "second");
        assertThat(a.get("Aa")).isEqualTo("first");
        assertThat(a.get("BB")).isEqualTo("second");
        assertThat(a.containsKey("BB")).isTrue();
        assertThat(a.size()).isEqualTo(2);
        Attrs b = new Attrs();
        b.put("Aa", "only");
        assertThat(b.containsKey("BB")).isFalse();
        assertThat(b.get("BB")).isNull();
    }

    @Test
    void emptyHasNothing() {
        assertThat(Attrs.EMPTY.size()).isZero();
        assertThat(Attrs.EMPTY.get("service.name")).isNull();
        assertThat(entries(Attrs.EMPTY)).isEmpty();
    }
}
