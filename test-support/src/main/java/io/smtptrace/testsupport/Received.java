package io.smtptrace.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One message accepted by {@link SmtpTestServer} (the server replied 250 to the end of data).
 *
 * @param sender        the MAIL FROM address, without angle brackets ("" for the null sender)
 * @param recipients    the accepted RCPT TO addresses, in order, without angle brackets
 * @param data          the message exactly as transmitted after dot-unstuffing, without the terminating
 *                      {@code CRLF.CRLF} (or the concatenated BDAT chunks)
 * @param authenticatedUser the user that authenticated on the connection, or null
 * @param tls           whether the connection was encrypted (STARTTLS or implicit TLS)
 * @param connectionId  1-based number of the connection on this server
 */
public record Received(String sender, List<String> recipients, byte[] data, String authenticatedUser,
                       boolean tls, int connectionId) {

    public Received {
        recipients = List.copyOf(recipients);
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The message as text (UTF-8, malformed bytes replaced). */
    public String dataAsString() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** The header block (up to the first empty line). */
    public String headers() {
        String s = dataAsString();
        int i = s.indexOf("\r\n\r\n");
        return i < 0 ? s : s.substring(0, i + 2);
    }

    /** The body after the first empty line (as text). */
    public String body() {
        String s = dataAsString();
        int i = s.indexOf("\r\n\r\n");
        return i < 0 ? "" : s.substring(i + 4);
    }

    /** First value of a header (unfolded), or null. */
    public String header(String name) {
        String[] lines = headers().replaceAll("\r\n[ \t]+", " ").split("\r\n");
        for (String line : lines) {
            int c = line.indexOf(':');
            if (c > 0 && line.substring(0, c).trim().equalsIgnoreCase(name)) {
                return line.substring(c + 1).trim();
            }
        }
        return null;
    }

    /**
     * The message with the headers that differ on every send (Message-ID, Date) removed, so that what the
     * server got with and without an agent can be compared byte for byte (MIME boundaries still differ).
     */
    public String comparableData() {
        return dataAsString().replaceAll("(?im)^(Message-ID|Date):.*\r\n([ \t].*\r\n)*", "");
    }

    @Override
    public String toString() {
        return "Received[from=" + sender + ", to=" + recipients + ", bytes=" + data.length
                + ", user=" + authenticatedUser + ", tls=" + tls + ", connection=" + connectionId + "]";
    }
}
