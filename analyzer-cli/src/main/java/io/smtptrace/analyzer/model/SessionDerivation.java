package io.smtptrace.analyzer.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills what can be derived from the exchanges, identically for every reader: EHLO facts, TLS mode, AUTH outcome,
 * message attempts and the end reason. Values a reader already set (e.g. from agent attributes) are kept.
 */
public final class SessionDerivation {
    private static final Pattern ENHANCED = Pattern.compile("^\\d{3}[ -]([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

    private SessionDerivation() {}

    public static Session derive(Session s) {
        s.exchanges.sort(Comparator.comparingInt(e -> e.seq));
        for (Exchange e : s.exchanges) {
            if (e.enhancedCode == null && !e.replyLines.isEmpty()) {
                Matcher m = ENHANCED.matcher(e.replyLines.get(e.replyLines.size() - 1));
                if (m.find()) e.enhancedCode = m.group(1);
            }
            if (e.replyCode == null && !e.replyLines.isEmpty()) {
                String l = e.replyLines.get(e.replyLines.size() - 1);
                if (l.length() >= 3 && l.substring(0, 3).chars().allMatch(Character::isDigit))
                    e.replyCode = Integer.parseInt(l.substring(0, 3));
            }
        }
        ehlo(s);
        tls(s);
        auth(s);
        if (s.messages.isEmpty()) messages(s);
        else mergeMessages(s);
        end(s);
        if (s.start == null || s.end == null) {
            for (Exchange e : s.exchanges) {
                if (e.time == null) continue;
                if (s.start == null || e.time.isBefore(s.start)) s.start = e.time;
                Instant t = e.durationMs != null ? e.time.plusNanos((long) (e.durationMs * 1_000_000)) : e.time;
                if (s.end == null || t.isAfter(s.end)) s.end = t;
            }
        }
        return s;
    }

    private static void ehlo(Session s) {
        boolean fromAgent = !s.ehloExtensions.isEmpty();
        for (Exchange e : s.exchanges) {
            if (!(e.is("EHLO")) || e.replyCode == null || e.replyCode != 250) continue;
            List<String> ext = new ArrayList<>();
            for (int i = 1; i < e.replyLines.size(); i++) ext.add(e.replyLines.get(i).substring(Math.min(4, e.replyLines.get(i).length())).trim());
            if (!fromAgent) s.ehloExtensions.add(ext);
            for (String x : ext) {
                String u = x.toUpperCase(Locale.ROOT);
                if (u.equals("STARTTLS")) s.starttlsOffered = true;
            }
        }
        if (s.sizeLimit == null && !s.ehloExtensions.isEmpty()) {
            for (String x : s.ehloExtensions.get(s.ehloExtensions.size() - 1)) {
                if (!x.trim().regionMatches(true, 0, "SIZE", 0, 4)) continue; // most extensions: no split needed
                String[] p = x.trim().split("\\s+");
                if (p[0].equalsIgnoreCase("SIZE")) {
                    try {
                        s.sizeLimit = p.length > 1 ? Long.parseLong(p[1]) : 0L;
                    } catch (NumberFormatException ignored) {
                        s.sizeLimit = 0L;
                    }
                }
            }
        }
        if (!s.starttlsOffered) {
            for (List<String> ext : s.ehloExtensions)
                for (String x : ext) if (x.trim().equalsIgnoreCase("STARTTLS")) s.starttlsOffered = true;
        }
    }

    private static void tls(Session s) {
        int starttls = -1;
        for (int i = 0; i < s.exchanges.size(); i++) {
            Exchange e = s.exchanges.get(i);
            if (e.is("STARTTLS") && Integer.valueOf(220).equals(e.replyCode)) starttls = i;
        }
        boolean starttlsAccepted = starttls >= 0;
        // after a completed STARTTLS handshake the client always says EHLO again: nothing after the 220 = no handshake
        boolean afterStarttls = starttlsAccepted && starttls < s.exchanges.size() - 1;
        if (s.tlsMode == null) {
            if (s.sslRequested) s.tlsMode = "implicit";
            else if (starttlsAccepted) s.tlsMode = "starttls";
            else s.tlsMode = "none";
        }
        if (s.tlsEstablished == null) {
            boolean attempted = s.sslRequested || starttlsAccepted;
            s.tlsEstablished = attempted && s.tlsErrorType == null && (!s.sslRequested || s.greeted())
                    && (!starttlsAccepted || s.sslRequested || afterStarttls);
        }
        if ((s.sslRequested || starttlsAccepted) && Boolean.FALSE.equals(s.tlsEstablished) && !"none".equals(s.tlsMode)
                && s.tlsErrorType == null) {
            // TLS was attempted but never established, and nothing says why (JavaMail does not log the handshake error)
            boolean implicitNoGreeting = s.sslRequested && !s.greeted();
            s.tlsErrorUnlogged = s.exceptions.isEmpty() && (implicitNoGreeting ? s.exchanges.isEmpty() : !afterStarttls);
            if (implicitNoGreeting) s.tlsErrorType = "javax.net.ssl.SSLException";
        }
    }

    private static void auth(Session s) {
        Exchange authCmd = null;
        Exchange last = null;
        for (Exchange e : s.exchanges) {
            if (e.is("AUTH")) {
                authCmd = e;
                last = e;
            } else if (authCmd != null && Exchange.AUTH_CONTINUATION.equals(e.type)) {
                last = e;
            }
        }
        if (authCmd == null) return;
        if (s.authMechanism == null && authCmd.line != null) {
            String[] p = authCmd.line.trim().split("\\s+");
            if (p.length > 1) s.authMechanism = p[1].toUpperCase(Locale.ROOT);
        }
        if (s.authOutcome == null) {
            if (last.replyCode == null) s.authOutcome = "aborted";
            else if (last.replyCode == 235) s.authOutcome = "success";
            else if (last.replyCode >= 400) s.authOutcome = "failure";
            else s.authOutcome = "aborted";
        }
        if (s.authReplyCode == null && last.replyCode != null && last.replyCode != 334) s.authReplyCode = last.replyCode;
    }

    /** Builds message attempts from MAIL/RCPT/DATA/"."/BDAT exchanges. */
    private static void messages(Session s) {
        MessageAttempt m = null;
        for (Exchange e : s.exchanges) {
            if (e.verb == null) continue;
            switch (e.verb.toUpperCase(Locale.ROOT)) {
                case "MAIL" -> {
                    m = new MessageAttempt();
                    m.index = s.messages.size() + 1;
                    m.sender = address(e.line);
                    s.messages.add(m);
                    if (e.replyCode != null && e.replyCode >= 400) decide(m, MessageAttempt.REJECTED, e);
                    else if (e.replyCode == null) decide(m, MessageAttempt.ABORTED, e);
                }
                case "RCPT" -> {
                    if (m == null) break;
                    String a = address(e.line);
                    m.recipients.add(a);
                    // refused = a non-2xx reply; no reply at all (timeout, lost connection) aborts instead
                    if (e.replyCode != null && e.replyCode >= 300) m.refused.add(a);
                    if (e.replyCode == null) decide(m, MessageAttempt.ABORTED, e);
                }
                case "DATA" -> {
                    if (m == null && s.partial) { // a fragment that starts at DATA: the envelope is before the log
                        m = new MessageAttempt();
                        m.index = s.messages.size() + 1;
                        s.messages.add(m);
                    }
                    if (m == null) break;
                    if (Integer.valueOf(354).equals(e.replyCode)) m.dataStarted = true;
                    else if (e.replyCode == null) decide(m, MessageAttempt.ABORTED, e);
                    else decide(m, MessageAttempt.REJECTED, e);
                }
                case "BDAT" -> {
                    if (m == null) break;
                    m.dataStarted = true;
                    if (e.line != null && e.line.toUpperCase(Locale.ROOT).contains("LAST") && e.replyCode != null) {
                        m.dataCompleted = true;
                        decide(m, e.replyCode < 400 ? MessageAttempt.ACCEPTED : MessageAttempt.REJECTED, e);
                    } else if (e.replyCode == null) decide(m, MessageAttempt.ABORTED, e);
                    else if (e.replyCode >= 400) decide(m, MessageAttempt.REJECTED, e);
                }
                case "." -> {
                    if (m == null) break;
                    if (e.replyCode != null) {
                        m.dataCompleted = true;
                        decide(m, e.replyCode < 400 ? MessageAttempt.ACCEPTED : MessageAttempt.REJECTED, e);
                    } else decide(m, MessageAttempt.ABORTED, e);
                }
                default -> { }
            }
        }
        for (MessageAttempt a : s.messages) {
            if (a.outcome != null) continue;
            if (!a.recipients.isEmpty() && a.refused.size() == a.recipients.size()) {
                a.outcome = MessageAttempt.REJECTED;
                for (Exchange e : s.exchanges) if (e.is("RCPT") && e.replyCode != null && e.replyCode >= 400) a.decidingExchange = e;
            } else {
                a.outcome = MessageAttempt.ABORTED; // started and never finished: connection lost or client gave up
            }
        }
    }

    private static void decide(MessageAttempt m, String outcome, Exchange e) {
        if (m.outcome == null) {
            m.outcome = outcome;
            m.decidingExchange = e;
        }
    }

    /** Agent messages come from send spans; link each to its deciding exchange from the conversation. */
    private static void mergeMessages(Session s) {
        Session tmp = new Session();
        tmp.exchanges.addAll(s.exchanges);
        messages(tmp);
        // a later part of a long connection: the agent's message index keeps counting, the derived one starts at 1
        int offset = s.part > 1 ? s.messages.stream().mapToInt(m -> m.index).min().orElse(1) - 1 : 0;
        for (MessageAttempt d : tmp.messages) d.index += offset;
        for (MessageAttempt m : s.messages) {
            for (MessageAttempt d : tmp.messages) {
                if (d.index != m.index) continue;
                if (m.decidingExchange == null) m.decidingExchange = d.decidingExchange;
                // the contract defines the outcome by the conversation (accepted = 2xx to end of data, rejected = a reply
                // refused it, aborted = no reply); when the exchange that decided it is there, it decides for every reader
                if (m.outcome == null || d.decidingExchange != null && d.decidingExchange == m.decidingExchange) m.outcome = d.outcome;
                if (!m.dataStarted) m.dataStarted = d.dataStarted;
                if (!m.dataCompleted) m.dataCompleted = d.dataCompleted;
                if (m.recipients.isEmpty()) m.recipients.addAll(d.recipients);
                if (m.refused.isEmpty()) m.refused.addAll(d.refused);
                if (m.sender == null) m.sender = d.sender;
            }
        }
        for (MessageAttempt d : tmp.messages) {
            if (s.messages.stream().noneMatch(m -> m.index == d.index)) s.messages.add(d);
        }
        s.messages.sort(Comparator.comparingInt(m -> m.index));
    }

    private static void end(Session s) {
        if (s.endReason != null) return;
        if (s.part > 1 && s.exchanges.isEmpty()) {
            s.endReason = "continued";
            return;
        }
        boolean quit = s.exchanges.stream().anyMatch(e -> e.is("QUIT"));
        if (!s.greeted() && !s.partial) s.endReason = "connect_failed";
        else if (quit) s.endReason = "quit";
        else if (s.exchanges.stream().anyMatch(SessionDerivation::timedOut)) s.endReason = "timeout";
        else if (s.exchanges.stream().anyMatch(e -> "eof".equals(e.replyError))) s.endReason = "server_closed";
        else s.endReason = "client_exception";
    }

    public static boolean timedOut(Exchange e) {
        return e.replyError != null && e.replyError.contains("Timeout");
    }

    static String address(String line) {
        if (line == null) return null;
        int a = line.indexOf('<');
        int b = line.indexOf('>', a + 1);
        // PIT: ConditionalsBoundaryMutator on "b > a" is equivalent: b is searched from a + 1, so b == a cannot happen
        if (a >= 0 && b > a) return line.substring(a + 1, b);
        int c = line.indexOf(':');
        return c >= 0 ? line.substring(c + 1).trim() : line;
    }
}
