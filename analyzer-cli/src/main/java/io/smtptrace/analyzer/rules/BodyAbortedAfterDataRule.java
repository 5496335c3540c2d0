package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.MessageAttempt;
import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.model.SessionDerivation;

/** 354, then no end-of-data reply: client exception while writing the body, lost connection or timeout. */
public final class BodyAbortedAfterDataRule extends AbstractRule {
    @Override public String id() { return "body-aborted-after-data"; }
    @Override public Severity severity() { return Severity.ERROR; }
    @Override public String title() { return "Message body aborted after DATA"; }

    @Override
    public void accept(Session s) {
        for (MessageAttempt m : s.messages) {
            if (!m.dataStarted || m.dataCompleted) continue;
            if (m.decidingExchange != null && m.decidingExchange.replyCode != null && m.decidingExchange.replyCode >= 400) continue;
            Exchange dot = null;
            for (Exchange e : s.exchanges) if ((e.is(".") || e.is("BDAT")) && e.replyCode == null) dot = e;
            String cause;
            String sample;
            if (m.bodyErrorType != null) {
                cause = "client";
                sample = m.bodyErrorType + (m.bodyErrorMessage == null || m.bodyErrorMessage.isEmpty() ? "" : ": " + m.bodyErrorMessage);
            } else if (dot != null && SessionDerivation.timedOut(dot)) {
                cause = "timeout";
                sample = ". -> no reply (" + dot.replyError + ")";
            } else if ("timeout".equals(s.endReason)) {
                cause = "timeout";
                sample = "connection timed out during the body";
            } else if (dot != null && "eof".equals(dot.replyError) || "server_closed".equals(s.endReason)) {
                cause = "lost";
                sample = "server closed the connection before replying to end of data";
            } else {
                cause = "client";
                sample = "no end of data sent; connection closed (" + s.endReason + ")";
            }
            Hits.Agg a = hits.hit(s, dot != null ? dot.time : s.end, sample);
            a.facts.putIfAbsent("cause", cause);
            if (m.bytes != null) a.facts.putIfAbsent("bytes", String.valueOf(m.bytes));
        }
    }

    @Override
    protected String explain(Hits.Agg a) {
        String c = a.fact("cause");
        String s = "After the server's 354 the message was never finished" + repeated(a.count, "messages") + ": ";
        s += switch (c) {
            case "timeout" -> "the connection timed out while the body streamed or while waiting for the reply to the final '.'.";
            case "lost" -> "the connection was lost (the server closed it or it was reset) before the end of data was acknowledged.";
            default -> "the client hit an exception while writing the message (e.g. an attachment's InputStream failed) and closed"
                    + " the connection without sending the final '.'; the server discards the truncated message.";
        };
        if (a.fact("bytes") != null && !"0".equals(a.fact("bytes"))) s += " " + a.fact("bytes") + " bytes had been written.";
        return s + " The message was not delivered.";
    }

    @Override
    protected String fix(Hits.Agg a) {
        return switch (a.fact("cause")) {
            case "timeout" -> "Raise mail.smtp.writetimeout and mail.smtp.timeout for large messages (milliseconds), check the"
                    + " network path (proxies, firewalls with idle timeouts) and the server's data timeout.";
            case "lost" -> "Check the server log for why it dropped the connection (size limits enforced mid-stream, content filters,"
                    + " idle timeouts) and the network in between; retry the message.";
            default -> "Make sure every attachment's data source can be read completely before sending (load or validate files first);"
                    + " handle the exception and retry the message.";
        };
    }
}
