package io.smtptrace.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The document and the constants name the same attributes: neither can gain or lose one alone. */
class SpanContractDocTest {

    private static final Pattern NAME = Pattern.compile("`(smtp\\.[a-z0-9_]+(?:\\.[a-z0-9_]+)*)`");

    private static Set<String> constants(Class<?> c) throws IllegalAccessException {
        Set<String> out = new TreeSet<>();
        for (Field f : c.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                out.add((String) f.get(null));
            }
        }
        return out;
    }

    @Test
    void everyAttributeInTheDocumentIsAConstantAndViceVersa() throws Exception {
        String doc = Files.readString(Paths.get("..", "src", "docs", "span-contract.md"));
        Set<String> inTables = new TreeSet<>();
        // the first cell of an attribute row: | `smtp.x.y` | or | `smtp.a`, `smtp.b` | or | `smtp.a` / `smtp.b` |
        Matcher row = Pattern.compile("(?m)^\\| (`smtp\\.[^|]*)\\|").matcher(doc);
        while (row.find()) {
            Matcher name = NAME.matcher(row.group(1));
            while (name.find()) {
                inTables.add(name.group(1));
            }
        }
        Set<String> anywhere = new TreeSet<>();
        Matcher name = NAME.matcher(doc);
        while (name.find()) {
            anywhere.add(name.group(1));
        }
        Set<String> defined = constants(SmtpAttributes.class);
        defined.remove(SmtpAttributes.BODY_PREFIX);
        assertThat(defined).as("every constant is documented").isSubsetOf(anywhere);
        assertThat(inTables).as("every attribute row is a constant").isSubsetOf(defined);
    }

    @Test
    void addressRedactionKeepsDomainsAndText() {
        assertThat(AddressRedaction.redact("554 5.7.1 <someone@outside.invalid>: Relay access denied",
                AddressRedaction.DOMAIN_ONLY)).isEqualTo("554 5.7.1 <***@outside.invalid>: Relay access denied");
        assertThat(AddressRedaction.redact("a@b.example and c.d+e@f.example.", AddressRedaction.DOMAIN_ONLY))
                .isEqualTo("***@b.example and ***@f.example.");
        assertThat(AddressRedaction.redact("x@[IPv6:2001:db8::1] ok", a -> "<" + a.length() + ">"))
                .isEqualTo("<20> ok");
        assertThat(AddressRedaction.redact("250 2.0.0 Ok: queued as 4F2", AddressRedaction.DOMAIN_ONLY))
                .isEqualTo("250 2.0.0 Ok: queued as 4F2");
        assertThat(AddressRedaction.redact(null, AddressRedaction.DOMAIN_ONLY)).isNull();
    }
}
