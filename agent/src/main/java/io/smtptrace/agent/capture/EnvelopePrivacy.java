package io.smtptrace.agent.capture;

import io.smtptrace.contract.AddressRedaction;
import io.smtptrace.contract.SmtpValues;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.Locale;

/** How envelope addresses appear in exported data. */
public enum EnvelopePrivacy implements AddressRedaction.Form {
    /** {@code ***@example.com}: enough to see which domains fail, no mailbox names. */
    DOMAIN,
    /**
     * {@code hmac:<16 hex>@example.com}: HMAC-SHA256 of the lower-cased address under {@code smtptrace.envelope.key}
     * (random per process without one): the same address maps to the same token under one key, and no dictionary of
     * addresses reverses it without the key.
     */
    HASH,
    /** The address as sent. */
    FULL,
    /** {@code [redacted]}. */
    NONE;

    public static final String REDACTED = SmtpValues.REDACTED;

    /**
     * One key per process (the agent is one per JVM): the configured one, else random, made on first use (a
     * SecureRandom at JVM start costs milliseconds that most runs, without envelope=hash, never need).
     */
    private static volatile SecretKeySpec key;

    /** @param k the key; empty: a new random one on next use */
    public static void useKey(byte[] k) {
        key = k.length == 0 ? null : new SecretKeySpec(k.clone(), "HmacSHA256");
    }

    private static SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            synchronized (EnvelopePrivacy.class) {
                if (key == null) {
                    key = new SecretKeySpec(randomKey(), "HmacSHA256");
                }
                k = key;
            }
        }
        return k;
    }

    private static byte[] randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    public static EnvelopePrivacy parse(String value, EnvelopePrivacy fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    /** Redacts one address (without angle brackets). The null sender (empty) stays empty. */
    @Override
    public String apply(String address) {
        if (address.isEmpty() || this == FULL) {
            return address; // the null sender stays empty in every mode
        }
        int at = address.lastIndexOf('@');
        String domain = at >= 0 ? address.substring(at + 1) : "";
        switch (this) {
            case NONE:
                return REDACTED;
            case HASH:
                return "hmac:" + hmacPrefix(address.toLowerCase(Locale.ROOT)) + (at >= 0 ? "@" + domain : "");
            case DOMAIN:
            default:
                return AddressRedaction.DOMAIN_ONLY.apply(address);
        }
    }

    /**
     * Applies {@link #apply} to every address inside free text: servers repeat the envelope address in their replies
     * ({@code 554 5.7.1 <x@y>: Relay access denied}) and exceptions repeat those replies.
     */
    public String redactAddresses(String text) {
        return this == FULL ? text : AddressRedaction.redact(text, this);
    }

    static String hmacPrefix(String s) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            byte[] d = mac.doFinal(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(16);
            for (int i = 0; i < 8; i++) {
                sb.append(Character.forDigit((d[i] >> 4) & 0xF, 16)).append(Character.forDigit(d[i] & 0xF, 16));
            }
            return sb.toString();
        } catch (java.security.GeneralSecurityException e) {
            // every Java platform must provide HmacSHA256 (Mac's contract), and the key is always a valid one
            throw new IllegalStateException(e);
        }
    }
}
