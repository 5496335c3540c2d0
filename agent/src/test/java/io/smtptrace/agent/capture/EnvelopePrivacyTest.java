package io.smtptrace.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock("io.smtptrace.agent.capture.EnvelopePrivacy.key")
class EnvelopePrivacyTest {

    /** The first 8 bytes of HMAC-SHA256, as hex, computed here without the code under test. */
    private static String hmac16(byte[] key, String s) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] d = mac.doFinal(s.getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            hex.append(String.format("%02x", d[i]));
        }
        return hex.toString();
    }

    @Test
    void parseReadsTheSettingAndFallsBackOnAnythingElse() {
        assertThat(EnvelopePrivacy.parse(null, EnvelopePrivacy.NONE)).isEqualTo(EnvelopePrivacy.NONE);
        assertThat(EnvelopePrivacy.parse("  ", EnvelopePrivacy.NONE)).isEqualTo(EnvelopePrivacy.NONE);
        assertThat(EnvelopePrivacy.parse(" hash ", EnvelopePrivacy.NONE)).isEqualTo(EnvelopePrivacy.HASH);
        assertThat(EnvelopePrivacy.parse("Full", EnvelopePrivacy.NONE)).isEqualTo(EnvelopePrivacy.FULL);
        assertThat(EnvelopePrivacy.parse("everything", EnvelopePrivacy.DOMAIN)).isEqualTo(EnvelopePrivacy.DOMAIN);
    }

    @Test
    void theNullSenderStaysEmptyInEveryMode() {
        for (EnvelopePrivacy p : EnvelopePrivacy.values()) {
            assertThat(p.apply("")).as(p.name()).isEmpty();
        }
    }

    @Test
    void eachModeShowsWhatItPromises() throws Exception {
        byte[] key = "a key of the tests".getBytes(StandardCharsets.UTF_8);
        try {
            EnvelopePrivacy.useKey(key);
            assertThat(EnvelopePrivacy.FULL.apply("Bob@x.org")).isEqualTo("Bob@x.org");
            assertThat(EnvelopePrivacy.NONE.apply("Bob@x.org")).isEqualTo("[redacted]");
            assertThat(EnvelopePrivacy.DOMAIN.apply("Bob@x.org")).isEqualTo("***@x.org");
            assertThat(EnvelopePrivacy.DOMAIN.apply("postmaster")).isEqualTo("***");
            assertThat(EnvelopePrivacy.HASH.apply("Bob@x.org")).isEqualTo("hmac:" + hmac16(key, "bob@x.org") + "@x.org");
            // the domain is what follows the last '@' (a quoted local part may hold one)
            assertThat(EnvelopePrivacy.HASH.apply("\"a@b\"@x.org"))
                    .isEqualTo("hmac:" + hmac16(key, "\"a@b\"@x.org") + "@x.org");
            assertThat(EnvelopePrivacy.HASH.apply("postmaster")).isEqualTo("hmac:" + hmac16(key, "postmaster"));
            assertThat(EnvelopePrivacy.HASH.apply("@x.org")).isEqualTo("hmac:" + hmac16(key, "@x.org") + "@x.org");
        } finally {
            EnvelopePrivacy.useKey(new byte[0]);
        }
    }

    @Test
    void withoutAConfiguredKeyARandomOneIsMadeOnceAndKept() throws Exception {
        EnvelopePrivacy.useKey(new byte[0]);
        String first = EnvelopePrivacy.HASH.apply("bob@x.org");
        assertThat(first).matches("hmac:[0-9a-f]{16}@x\\.org");
        assertThat(EnvelopePrivacy.HASH.apply("bob@x.org")).isEqualTo(first);
        // not a fixed key: neither the all-zero one nor an empty one
        assertThat(first).isNotEqualTo("hmac:" + hmac16(new byte[32], "bob@x.org") + "@x.org");
        EnvelopePrivacy.useKey(new byte[0]);
        assertThat(EnvelopePrivacy.HASH.apply("bob@x.org")).isNotEqualTo(first);
    }

    @Test
    void theConfiguredKeyIsCopied() throws Exception {
        byte[] key = "k1".getBytes(StandardCharsets.UTF_8);
        try {
            EnvelopePrivacy.useKey(key);
            String before = EnvelopePrivacy.HASH.apply("bob@x.org");
            key[0] = 'z';
            assertThat(EnvelopePrivacy.HASH.apply("bob@x.org")).isEqualTo(before)
                    .isEqualTo("hmac:" + hmac16("k1".getBytes(StandardCharsets.UTF_8), "bob@x.org") + "@x.org");
        } finally {
            EnvelopePrivacy.useKey(new byte[0]);
        }
    }

    @Test
    void addressesInFreeTextFollowTheModeAndFullKeepsTheText() {
        String reply = "550 5.1.1 <bob@x.org>: Recipient address rejected";
        assertThat(EnvelopePrivacy.FULL.redactAddresses(reply)).isSameAs(reply);
        assertThat(EnvelopePrivacy.DOMAIN.redactAddresses(reply))
                .isEqualTo("550 5.1.1 <***@x.org>: Recipient address rejected");
        assertThat(EnvelopePrivacy.NONE.redactAddresses(reply))
                .isEqualTo("550 5.1.1 <[redacted]>: Recipient address rejected");
        assertThat(EnvelopePrivacy.HASH.redactAddresses(reply)).doesNotContain("bob").contains("hmac:");
    }
}
