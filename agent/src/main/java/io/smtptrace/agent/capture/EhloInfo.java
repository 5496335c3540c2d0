package io.smtptrace.agent.capture;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The service extensions advertised in one EHLO reply (RFC 5321 4.1.1.1). */
public final class EhloInfo {

    /** Compiled once: String.split compiles its pattern per call, twice per extension line on every STARTTLS. */
    private static final Pattern SEPARATORS = Pattern.compile("[ =]+");

    public final List<String> extensions;
    public final long sizeLimit;
    public final List<String> authMechanisms;
    public final boolean startTls;
    public final boolean eightBitMime;
    public final boolean smtpUtf8;
    public final boolean chunking;
    public final boolean pipelining;

    private EhloInfo(List<String> extensions) {
        this.extensions = Collections.unmodifiableList(extensions);
        long size = 0;
        List<String> auth = new ArrayList<>();
        boolean tls = false, eight = false, utf8 = false, chunk = false, pipe = false;
        for (String ext : extensions) {
            String[] parts = SEPARATORS.split(ext.trim());
            String kw = parts[0].toUpperCase(Locale.ROOT);
            switch (kw) {
                case "SIZE":
                    if (parts.length > 1) {
                        try {
                            size = Long.parseLong(parts[1]);
                        } catch (NumberFormatException ignored) {
                            // a server may send garbage; keep 0 = not advertised
                        }
                    }
                    break;
                case "AUTH":
                    for (int i = 1; i < parts.length; i++) {
                        String m = parts[i].toUpperCase(Locale.ROOT);
                        if (!auth.contains(m)) {
                            auth.add(m);
                        }
                    }
                    break;
                case "STARTTLS":
                    tls = true;
                    break;
                case "8BITMIME":
                    eight = true;
                    break;
                case "SMTPUTF8":
                    utf8 = true;
                    break;
                case "CHUNKING":
                    chunk = true;
                    break;
                case "PIPELINING":
                    pipe = true;
                    break;
                default:
                    break;
            }
        }
        this.sizeLimit = size;
        this.authMechanisms = Collections.unmodifiableList(auth);
        this.startTls = tls;
        this.eightBitMime = eight;
        this.smtpUtf8 = utf8;
        this.chunking = chunk;
        this.pipelining = pipe;
    }

    /** From a 250 EHLO reply: the first line is the server's greeting name, the rest are extensions. */
    public static EhloInfo parse(Reply reply) {
        List<String> ext = new ArrayList<>();
        for (int i = 1; i < reply.lines.size(); i++) {
            String l = reply.lines.get(i);
            // PIT: ConditionalsBoundary here is equivalent: a line of exactly 4 characters gives "" either way
            ext.add(l.length() > 4 ? l.substring(4) : "");
        }
        return new EhloInfo(ext);
    }
}
