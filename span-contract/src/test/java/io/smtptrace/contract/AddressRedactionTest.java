package io.smtptrace.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Where an address starts and ends: every boundary of the scan, one case each (the mutation gate's tests). */
class AddressRedactionTest {

    private static final AddressRedaction.Form TAGGED = a -> "{" + a + "}";

    private static String domainOnly(String s) {
        return AddressRedaction.redact(s, AddressRedaction.DOMAIN_ONLY);
    }

    @Test
    void textWithoutAnAddressIsReturnedAsIs() {
        String s = "250 2.0.0 Ok: queued as 4F2";
        assertThat(AddressRedaction.redact(s, TAGGED)).isSameAs(s);
        assertThat(AddressRedaction.redact(null, TAGGED)).isNull();
        assertThat(AddressRedaction.redact("", TAGGED)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "a@b|{a@b}",
        "<alice@example.com>|<{alice@example.com}>",
        "554 5.7.1 <x@y.example>: Relay access denied|554 5.7.1 <{x@y.example}>: Relay access denied",
        "to a@b.example, c@d.example.|to {a@b.example}, {c@d.example}.",
        "a@b.example,c@d.example|{a@b.example},{c@d.example}",
        "first.last+tag@sub-domain.example1.org end|{first.last+tag@sub-domain.example1.org} end",
        "x!#$%&'*+-/=?^_`{}~.y@d.e|{x!#$%&'*+-/=?^_`{}~.y@d.e}",
        "user@[IPv6:2001:db8::1] ok|{user@[IPv6:2001:db8::1]} ok",
        "user@[192.0.2.1]|{user@[192.0.2.1]}",
        "user@[unclosed|{user@}[unclosed",
        "bob@ is gone|{bob@} is gone",
        "bob@|{bob@}",
        "a@b..|{a@b}..",
        "a@.|{a@}.",
        "@example.com and @|@example.com and @",
        "(a@b)|({a@b})",
        "two @@ signs a@@b|two @@ signs {a@}@b",
        "@x a@b.c|@x {a@b.c}",
        "a@b.c+d@e.f|{a@b.c}{+d@e.f}",
        "a@[1.2.3.4]x@y.z|{a@[1.2.3.4]}{x@y.z}",
    })
    void boundaries(String text, String expected) {
        assertThat(AddressRedaction.redact(text, TAGGED)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "\"john doe\"@example.com|{\"john doe\"@example.com}",
        "<\"a@b\"@x.org>|<{\"a@b\"@x.org}>",
        "<\"a\\\"b\"@x.org>|<{\"a\\\"b\"@x.org}>",
        "\"a\\\\\"@x.org ok|{\"a\\\\\"@x.org} ok",
        "a@b.c \"d e\"@f.g|{a@b.c} {\"d e\"@f.g}",
        "\"a@b\"@x.org|{\"a@b\"@x.org}",
        "\\\"a b\"@c.d|\\\"a {b\"@c.d}",
        "say \"hi\" to a@b.c and \"x\"@y.z|say \"hi\" to {a@b.c} and {\"x\"@y.z}",
        "<\"@J\"@example.org>|<{\"@J\"@example.org}>",
        "say \"hi a@b.c\" and \"x\"@y.z|say {\"hi a@b.c\" and \"x\"@y.z}",
        "a \"b@c\" d|a {\"b@c}\" d",
        "pre.\"q r\".post@d.e|{pre.\"q r\".post@d.e}",
        "no opening q\"@d.e|no opening {q\"@d.e}",
        "\\\"x\"@d.e|\\{\"x\"@d.e}",
    })
    void quotedLocalParts(String text, String expected) {
        assertThat(AddressRedaction.redact(text, TAGGED)).isEqualTo(expected);
    }

    @Test
    void anEscapedQuoteBeforeAnAtDoesNotCloseTheQuotedLocalPart() {
        // jqwik's counterexample: "J@\"@K" ended at the escaped quote, and "K" was exported as the domain
        assertThat(domainOnly("ORCPT=rfc822;\"J@\\\"@K\"@example.org"))
                .isEqualTo("ORCPT=rfc822;***@example.org");
        assertThat(domainOnly("550 5.1.1 <J.\"@JJJ\\\"@\"@example.org>: unknown, J.\"@JJJ\\\"@\"@example.org"))
                .isEqualTo("550 5.1.1 <***@example.org>: unknown, ***@example.org");
        // two backslashes escape each other: that quote closes
        assertThat(AddressRedaction.redact("<\"J@K\\\\\"@x.org>", TAGGED)).isEqualTo("<{\"J@K\\\\\"@x.org}>");
    }

    @Test
    void theVerticalBarIsALocalChar() {
        assertThat(AddressRedaction.redact("x|y@d.e", TAGGED)).isEqualTo("{x|y@d.e}");
    }

    @Test
    void anEscapedQuoteDoesNotOpenTheQuotedString() {
        // the quote after a backslash at the very start of the text is escaped: the one before "b" opens
        assertThat(AddressRedaction.redact("\\\"a \"b\"@c.d", TAGGED)).isEqualTo("\\\"a {\"b\"@c.d}");
        // two backslashes escape each other: that quote opens
        assertThat(AddressRedaction.redact("\\\\\"a b\"@c.d", TAGGED)).isEqualTo("\\\\{\"a b\"@c.d}");
        // an address already replaced is not searched again for an opening quote
        assertThat(AddressRedaction.redact("\"p\"@q.r x\"@s.t", TAGGED)).isEqualTo("{\"p\"@q.r} {x\"@s.t}");
    }

    @Test
    void nonAsciiIsPartOfTheAddressAlsoAsIso88591Bytes() {
        assertThat(AddressRedaction.redact("jürgen@bücher.example ok", TAGGED)).isEqualTo("{jürgen@bücher.example} ok");
        // the agent reads the wire as ISO-8859-1: ü arrives as two chars, the second (U+00BC) not a letter
        String wire = new String("<jürgen@例え.jp>".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        String domain = new String("例え.jp".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(AddressRedaction.redact(wire, AddressRedaction.DOMAIN_ONLY)).isEqualTo("<***@" + domain + ">");
        // the first non-ASCII char counts, the last ASCII one (DEL) does not
        assertThat(AddressRedaction.redact("\u007Fa\u0080b@x\u0080y\u007Fz", TAGGED))
                .isEqualTo("\u007F{a\u0080b@x\u0080y}\u007Fz");
    }

    @Test
    void domainOnlyKeepsTheDomainAfterTheLastAt() {
        assertThat(domainOnly("Alice@Example.com")).isEqualTo("***@Example.com");
        assertThat(AddressRedaction.DOMAIN_ONLY.apply("\"a@b\"@x.org")).isEqualTo("***@x.org");
        assertThat(AddressRedaction.DOMAIN_ONLY.apply("@x.org")).isEqualTo("***@x.org");
        assertThat(AddressRedaction.DOMAIN_ONLY.apply("nobody")).isEqualTo("***");
        assertThat(domainOnly("550 5.1.1 <a@b.example> and c@d.example: unknown"))
                .isEqualTo("550 5.1.1 <***@b.example> and ***@d.example: unknown");
    }
}
