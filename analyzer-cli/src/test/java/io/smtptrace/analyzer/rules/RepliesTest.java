package io.smtptrace.analyzer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Exchange;

/** Which replies mean "STARTTLS first", "authenticate first", "no relaying" or "try later": code, enhanced code and text. */
class RepliesTest {

    private static Exchange reply(Integer code, String enhanced, String... lines) {
        Exchange e = new Exchange();
        e.verb = "MAIL";
        e.replyCode = code;
        e.enhancedCode = enhanced;
        for (String l : lines) e.replyLines.add(l);
        return e;
    }

    @Test
    void starttlsRequiredByTextOrEnhancedCodeOn530550Or554() {
        assertThat(Replies.starttlsRequired(reply(530, "5.7.0", "530 5.7.0 Must issue a STARTTLS command first"))).isTrue();
        assertThat(Replies.starttlsRequired(reply(550, null, "550 STARTTLS first"))).isTrue();
        assertThat(Replies.starttlsRequired(reply(554, null, "554 Encryption required for this"))).isTrue();
        assertThat(Replies.starttlsRequired(reply(530, "5.7.11", "530 5.7.11 go away"))).isTrue();
        assertThat(Replies.starttlsRequired(reply(530, "5.7.10", "530 5.7.10 go away"))).isTrue();
        assertThat(Replies.starttlsRequired(reply(530, null, "530 TLS is required"))).isTrue();
        assertThat(Replies.starttlsRequired(reply(530, null, "530 TLS available"))).isFalse();
        assertThat(Replies.starttlsRequired(reply(530, null, "530 required: a password"))).isFalse();
        assertThat(Replies.starttlsRequired(reply(530, "5.7.0", "530 5.7.0 Authentication required"))).isFalse();
        for (int code : new int[] {421, 451, 500, 535, 551, 553}) {
            assertThat(Replies.starttlsRequired(reply(code, "5.7.11", code + " Must issue a STARTTLS command first"))).as("" + code).isFalse();
        }
        assertThat(Replies.starttlsRequired(reply(null, "5.7.11", "STARTTLS"))).isFalse();
    }

    @Test
    void authRequiredIsAny530AndVendorRefusalsThatSaySo() {
        assertThat(Replies.authRequired(reply(530, null, "530 whatever"))).isTrue();
        assertThat(Replies.authRequired(reply(530, null, "530 Must issue a STARTTLS command first"))).as("STARTTLS first").isFalse();
        assertThat(Replies.authRequired(reply(null, null))).isFalse();
        for (int code : new int[] {550, 553, 554}) {
            assertThat(Replies.authRequired(reply(code, "5.7.57", code + " 5.7.57 Client not authenticated"))).as("" + code).isTrue();
            assertThat(Replies.authRequired(reply(code, null, code + " sender not authenticated"))).isTrue();
            assertThat(Replies.authRequired(reply(code, null, code + " Authentication Required"))).isTrue();
            assertThat(Replies.authRequired(reply(code, "5.1.1", code + " user unknown"))).isFalse();
        }
        assertThat(Replies.authRequired(reply(551, "5.7.57", "551 not authenticated"))).isFalse();
        assertThat(Replies.authRequired(reply(535, "5.7.57", "535 authentication required"))).isFalse();
    }

    @Test
    void relayDeniedSaysRelayOrIs571AccessDenied() {
        assertThat(Replies.relayDenied(reply(554, "5.7.1", "554 5.7.1 Relay access denied"))).isTrue();
        assertThat(Replies.relayDenied(reply(500, null, "500 relaying denied"))).isTrue();
        assertThat(Replies.relayDenied(reply(499, null, "499 relaying denied"))).isFalse();
        assertThat(Replies.relayDenied(reply(450, null, "450 relay temporarily unavailable"))).isFalse();
        assertThat(Replies.relayDenied(reply(null, null, "relay"))).isFalse();
        assertThat(Replies.relayDenied(reply(550, "5.7.1", "550 5.7.1 Access denied"))).isTrue();
        assertThat(Replies.relayDenied(reply(550, "5.7.1", "550 5.7.1 Sending to this domain is not permitted"))).isTrue();
        assertThat(Replies.relayDenied(reply(550, "5.7.1", "550 5.7.1 not allowed"))).isTrue();
        assertThat(Replies.relayDenied(reply(550, "5.7.1", "550 5.7.1 message refused as spam"))).isFalse();
        assertThat(Replies.relayDenied(reply(550, "5.1.1", "550 5.1.1 access denied"))).isFalse();
    }

    @Test
    void transientCodesAre421And450To459() {
        assertThat(Replies.transientCode(null)).isFalse();
        assertThat(Replies.transientCode(420)).isFalse();
        assertThat(Replies.transientCode(421)).isTrue();
        assertThat(Replies.transientCode(422)).isFalse();
        assertThat(Replies.transientCode(449)).isFalse();
        assertThat(Replies.transientCode(450)).isTrue();
        assertThat(Replies.transientCode(459)).isTrue();
        assertThat(Replies.transientCode(460)).isFalse();
    }

    @Test
    void theTextIsEveryLineInLowerCase() {
        assertThat(Replies.text(reply(550, null, "550-First", "550 SECOND"))).isEqualTo("550-first 550 second");
    }
}
