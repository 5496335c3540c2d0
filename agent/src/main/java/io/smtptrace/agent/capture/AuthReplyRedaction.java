package io.smtptrace.agent.capture;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Redacts the secrets a server may put in its reply to AUTH or to a line answering a 334 challenge: any token that
 * echoes what the client sent (as sent, or base64-decoded: PLAIN's user and password), and any token that looks like
 * a base64 or credential blob (16+ base64 characters that are not a plain word). The rest of the text stays, so
 * {@code 534-5.7.9 Application-specific password required} reads as the server wrote it.
 *
 * <p>What the client sent is kept only as SHA-256 digests of its tokens, and only until the reply is read.
 */
public final class AuthReplyRedaction {

    static final int BLOB_MIN = 16;
    private static final String SEPARATORS = "=:;,<>()[]\"'";
    // compiled once: String.split compiles its pattern on every call, and this runs on the application's thread
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** PLAIN's NULs, XOAUTH2's ^A, OAUTHBEARER's and SCRAM's commas. */
    private static final Pattern DECODED_SEPARATORS = Pattern.compile("[\\x00-\\x20,]+");

    private final Set<String> sentDigests;

    private AuthReplyRedaction(Set<String> sentDigests) {
        this.sentDigests = sentDigests;
    }

    /** @param line the client line as sent (an AUTH command, a challenge answer, a line of unknown verb) */
    public static AuthReplyRedaction of(byte[] line) {
        return of(line, null);
    }

    /** @param earlier what the same AUTH exchange sent before (the user name before the password), or null */
    public static AuthReplyRedaction of(byte[] line, AuthReplyRedaction earlier) {
        Set<String> digests = earlier == null ? new HashSet<>() : new HashSet<>(earlier.sentDigests);
        MessageDigest sha = sha256();
        // replies reach the agent decoded as ISO-8859-1 or, with SMTPUTF8 (mail.mime.allowutf8), as UTF-8: both forms
        String s = new String(line, StandardCharsets.ISO_8859_1) + " " + new String(line, StandardCharsets.UTF_8);
        for (String token : WHITESPACE.split(s.trim())) {
            add(digests, sha, token);
            try {
                byte[] decoded = Base64.getDecoder().decode(token);
                // of "user=bob" also the value
                for (String part : DECODED_SEPARATORS.split(new String(decoded, StandardCharsets.UTF_8))) {
                    add(digests, sha, part);
                    add(digests, sha, part.substring(part.indexOf('=') + 1));
                }
            } catch (IllegalArgumentException notBase64) {
                // only the token itself
            }
        }
        return new AuthReplyRedaction(digests);
    }

    private static void add(Set<String> digests, MessageDigest sha, String token) {
        if (token.length() >= 3) { // "=", "*" and the like are not secrets, and appear in every reply
            digests.add(digest(sha, token));
        }
    }

    /** The reply with every echoed or blob-like token replaced by {@link CommandLine#AUTH_MARKER}. */
    public String redact(String reply) {
        return redact(reply, sentDigests);
    }

    /** Only the blob rule, for a reply whose command is unknown. */
    public static String redactBlobs(String reply) {
        return redact(reply, Set.of());
    }

    private static String redact(String reply, Set<String> sent) {
        if (reply == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(reply.length());
        MessageDigest sha = sha256();
        int i = 0;
        int n = reply.length();
        while (i < n) {
            char c = reply.charAt(i);
            if (Character.isWhitespace(c)) {
                out.append(c);
                i++;
                continue;
            }
            int end = i;
            while (end < n && !Character.isWhitespace(reply.charAt(end))) {
                end++;
            }
            String word = reply.substring(i, end);
            // the code and enhanced code at the start of a line ("535-5.7.8") are kept as they are
            out.append(redactWord(word, sent, sha));
            i = end;
        }
        return out.toString();
    }

    /** A word with surrounding punctuation ({@code <...>}, quotes, a full stop) trimmed for the comparison. */
    private static String redactWord(String word, Set<String> sent, MessageDigest sha) {
        int s = 0;
        int e = word.length();
        while (s < e && "<([\"'".indexOf(word.charAt(s)) >= 0) {
            s++;
        }
        while (e > s && ">)]\"',.;:".indexOf(word.charAt(e - 1)) >= 0) {
            e--;
        }
        String core = word.substring(s, e);
        if (core.isEmpty()) {
            return word;
        }
        // the whole core first: a base64 token keeps its '=' padding, which the parts below would split off
        if ((!sent.isEmpty() && sent.contains(digest(sha, core))) || looksLikeBlob(core)) {
            return word.substring(0, s) + CommandLine.AUTH_MARKER + word.substring(e);
        }
        return word.substring(0, s) + redactParts(core, sent, sha) + word.substring(e);
    }

    /** Sent tokens glued to other text by punctuation: {@code user=alice}, {@code (alice:secret)}. */
    private static String redactParts(String core, Set<String> sent, MessageDigest sha) {
        StringBuilder out = new StringBuilder(core.length());
        int from = 0;
        for (int i = 0; i <= core.length(); i++) {
            if (i == core.length() || SEPARATORS.indexOf(core.charAt(i)) >= 0) {
                String part = core.substring(from, i);
                out.append(part.length() >= 3 && sent.contains(digest(sha, part)) ? CommandLine.AUTH_MARKER : part);
                if (i < core.length()) {
                    out.append(core.charAt(i));
                }
                from = i + 1;
            }
        }
        return out.toString();
    }

    /**
     * 16+ characters of the base64 alphabet that are not a plain word: with a digit or {@code + / =}, or changing
     * case as often as random text does ("InvalidSecondFactor" changes case 5 times in 19, a base64 blob about every
     * other character).
     */
    static boolean looksLikeBlob(String s) {
        if (s.length() < BLOB_MIN) {
            return false;
        }
        boolean special = false;
        int switches = 0;
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!letter && !(c >= '0' && c <= '9') && c != '+' && c != '/' && c != '=' && c != '-' && c != '_') {
                return false;
            }
            if (c >= '0' && c <= '9') {
                digits++;
            }
            if (!letter) {
                special |= c != '-' && c != '_';
            } else if (i > 0 && Character.isLetter(s.charAt(i - 1))
                    && Character.isUpperCase(c) != Character.isUpperCase(s.charAt(i - 1))) {
                switches++;
            }
        }
        if (s.indexOf('-') != -1 || s.indexOf('_') != -1) {
            // "Application-specific", "mail_auth_failure": words joined; base64url blobs also have digits
            return special && digits >= 2;
        }
        return special || switches * 3 > s.length();
    }

    /** One digest per line or reply, not per token: looking SHA-256 up among the security providers is the cost. */
    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            // every Java platform must provide SHA-256 (MessageDigest's contract): cannot happen
            throw new IllegalStateException(e);
        }
    }

    /** The 32 digest bytes as a 32-character key (digest() resets the digest for the next token). */
    private static String digest(MessageDigest sha, String s) {
        return new String(sha.digest(s.getBytes(StandardCharsets.UTF_8)), StandardCharsets.ISO_8859_1);
    }
}
