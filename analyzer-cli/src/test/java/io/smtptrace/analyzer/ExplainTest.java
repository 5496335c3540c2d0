package io.smtptrace.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smtptrace.analyzer.explain.ReplyCatalogue;
import io.smtptrace.analyzer.support.Cli;

class ExplainTest {
    static final String[] RFC_CODES = {"211", "214", "220", "221", "235", "250", "251", "252", "334", "354", "421", "432", "450", "451",
            "452", "454", "455", "500", "501", "502", "503", "504", "521", "523", "530", "534", "535", "538", "550", "551", "552", "553",
            "554", "555", "556"};

    @Test
    void catalogueCoversEveryCodeInBothLanguages() {
        ReplyCatalogue c = ReplyCatalogue.load();
        assertThat(c.replyCodes()).contains(RFC_CODES);
        assertThat(c.enhancedCodes()).contains("X.1.1", "X.1.2", "X.1.3", "X.1.7", "X.1.8", "X.2.2", "X.2.3", "X.3.0", "X.3.4", "X.4.1",
                "X.4.2", "X.4.5", "X.5.1", "X.5.2", "X.5.3", "X.6.0", "X.6.7", "X.7.0", "X.7.1", "X.7.8", "X.7.9", "X.7.10", "X.7.11",
                "X.7.13", "X.7.23", "X.7.25", "X.7.26", "5.7.57", "X.7.3", "5.7.139");
        for (String lang : ReplyCatalogue.LANGUAGES) {
            for (String code : c.replyCodes()) {
                var e = c.lookup(code, lang).orElseThrow();
                assertThat(e.meaning()).as(code + " " + lang).isNotBlank();
                assertThat(e.when()).as(code + " " + lang).isNotBlank();
                assertThat(e.fix()).as(code + " " + lang).isNotBlank();
                assertThat(e.className()).as(code + " " + lang).isNotEqualTo("?");
            }
            for (String code : c.enhancedCodes()) {
                var e = c.lookup(code.replace("X.", "5."), lang).orElseThrow();
                assertThat(e.meaning()).as(code + " " + lang).isNotBlank();
                assertThat(e.fix()).as(code + " " + lang).isNotBlank();
            }
        }
        // the Indonesian texts are translations, not copies
        assertThat(c.lookup("530", "id").orElseThrow().meaning()).isNotEqualTo(c.lookup("530", "en").orElseThrow().meaning());
    }

    @Test
    void compareTwoCodes() {
        Cli r = Cli.run("explain", "354", "530");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("354  positive intermediate (3yz)").contains("530  permanent negative (5yz)").contains("main difference:")
                .contains("go ahead").contains("mail.smtp.auth");
        Cli id = Cli.run("explain", "--lang", "id", "354", "530");
        assertThat(id.out()).contains("perantara positif").contains("negatif permanen").contains("perbedaan utama").contains("silakan lanjut");
    }

    @Test
    void compareWithoutCuratedPairUsesClasses() {
        Cli r = Cli.run("explain", "--format", "json", "250", "451");
        assertThat(r.out()).contains("250 is a positive completion reply").contains("451 is a transient negative reply");
    }

    @Test
    void enhancedCodes() {
        Cli r = Cli.run("explain", "5.7.0");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("5.7.0  permanent negative").contains("security or policy").contains("Authentication required");
        assertThat(Cli.run("explain", "--lang", "id", "5.7.57").out()).contains("Microsoft").contains("klien belum terautentikasi");
        assertThat(Cli.run("explain", "4.7.99").out()).contains("transient negative").contains("no specific");
    }

    @Test
    void jsonOutput() throws Exception {
        JsonNode n = new ObjectMapper().readTree(Cli.run("explain", "--format", "json", "--lang", "id", "552", "5.3.4").out());
        assertThat(n.path("lang").asText()).isEqualTo("id");
        assertThat(n.path("codes")).hasSize(2);
        assertThat(n.path("codes").get(0).path("class").asText()).isEqualTo("negatif permanen");
        assertThat(n.path("difference").asText()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"299", "999", "abc", "6.1.1", "5.9.1", "25"})
    void unknownCodesExitTwo(String code) {
        Cli r = Cli.run("explain", code);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown reply code").contains(code);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void comparisonHasTheFiveSectionsOfTheReferencePageInBothLanguages() {
        Cli en = Cli.run("explain", "354", "530");
        assertThat(en.out()).contains("class: ").contains("meaning: ").contains("when you see it: ").contains("how to fix: ")
                .contains("main difference: ").contains("when which applies: ");
        Cli id = Cli.run("explain", "--lang", "id", "354", "530");
        assertThat(id.code()).isZero();
        assertThat(id.out()).contains("kelas: ").contains("arti: ").contains("kapan muncul: ").contains("cara memperbaiki: ")
                .contains("perbedaan utama: ").contains("kapan menggunakan yang mana: ");
        // the class comes first, as on the reference page
        assertThat(id.out().indexOf("kelas: ")).isLessThan(id.out().indexOf("arti: "));
    }

    @Test
    void explain530NamesTheSubmissionPortsAnd354TheContent() {
        String e530 = Cli.run("explain", "530").out().replaceAll("\\s+", " ");
        assertThat(e530).contains("typical of submission on port 587").contains("465 (submissions) speaks TLS from the first byte")
                .contains("25 (relay between mail servers)");
        String e354 = Cli.run("explain", "354").out().replaceAll("\\s+", " ");
        assertThat(e354).contains("points at the content").contains("998 octets").contains("8BITMIME").contains("dot-stuffing")
                .contains("not the sender's concern");
        String id354 = Cli.run("explain", "--lang", "id", "354").out().replaceAll("\\s+", " ");
        assertThat(id354).contains("menunjuk ke isi pesan").contains("dot-stuffing").contains("bukan urusan pengirim");
        assertThat(Cli.run("explain", "--lang", "id", "530").out().replaceAll("\\s+", " ")).contains("khas untuk submission di port 587");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"250,451", "550,421", "221,354", "535,550", "452,451", "5.7.1,250", "250,221", "334,354"})
    void anyPairSaysWhenWhichApplies(String a, String b) throws Exception {
        for (String lang : new String[] {"en", "id"}) {
            JsonNode n = new ObjectMapper().readTree(Cli.run("explain", "--format", "json", "--lang", lang, a, b).out());
            String choose = n.path("choose").asText();
            assertThat(choose).as(a + " " + b + " " + lang).isNotBlank().contains(a.startsWith("5.") ? b : a).doesNotContain("{");
        }
    }

    @Test
    void curatedPairsHaveTheirOwnWhenWhichApplies() throws Exception {
        for (String[] p : new String[][] {{"354", "530"}, {"530", "535"}, {"450", "550"}, {"421", "554"}, {"550", "554"}, {"552", "554"},
                {"452", "552"}, {"535", "538"}, {"451", "550"}, {"250", "251"}}) {
            JsonNode ab = new ObjectMapper().readTree(Cli.run("explain", "--format", "json", p[0], p[1]).out());
            JsonNode ba = new ObjectMapper().readTree(Cli.run("explain", "--format", "json", p[1], p[0]).out());
            assertThat(ab.path("choose").asText()).isEqualTo(ba.path("choose").asText()).isNotBlank();
            assertThat(ab.path("difference").asText()).as("curated, not the class template").doesNotContain(" reply (").doesNotContain("they differ in meaning");
        }
    }
}
