package io.smtptrace.analyzer.probe;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.probe.ProbeReport.Note;
import io.smtptrace.analyzer.probe.ProbeReport.Port;
import io.smtptrace.analyzer.probe.ProbeReport.Prediction;
import io.smtptrace.analyzer.probe.ProbeReport.Verdict;
import io.smtptrace.analyzer.report.TextReporter;
import picocli.CommandLine.Help.Ansi;

/** Per port what the server does, what the wrong choices give, then the configuration that works in three layouts. */
public final class ProbeTextReporter {
    private final Ansi ansi;
    private final Messages msg;

    public ProbeTextReporter(Ansi ansi, Messages msg) {
        this.ansi = ansi;
        this.msg = msg;
    }

    public void report(ProbeReport r, Port best, boolean transcript, PrintWriter out) {
        out.println(ansi.string("@|bold smtp-trace probe|@ " + r.host + " (" + r.ports.stream().map(p -> String.valueOf(p.port))
                .collect(java.util.stream.Collectors.joining(", ")) + ")"));
        for (Port p : r.ports) port(p, transcript, out);
        out.println();
        if (best == null) {
            out.println(ansi.string("@|bold,red " + msg.get("report.none") + "|@"));
            out.flush();
            return;
        }
        ConfigWriter w = new ConfigWriter(msg);
        out.println(ansi.string("@|bold,green " + msg.get("report.works", best.config.host(), best.config.port()) + "|@"));
        block(out, msg.get("report.javamail"), w.javamail(best.config));
        block(out, msg.get("report.spring-properties"), w.springProperties(best.config));
        block(out, msg.get("report.spring-yaml"), w.springYaml(best.config));
        out.flush();
    }

    private void block(PrintWriter out, String title, String text) {
        out.println();
        out.println(ansi.string("@|bold " + title + "|@"));
        for (String l : text.split("\n")) out.println("  " + l);
    }

    private void port(Port p, boolean transcript, PrintWriter out) {
        out.println();
        String colour = p.verdict == Verdict.WORKS ? "green" : "red";
        List<String> traits = new ArrayList<>();
        if (Boolean.TRUE.equals(p.starttlsRequired)) traits.add(msg.get("trait.starttls-required"));
        else if (p.mode != null) traits.add(msg.get("mode." + p.mode.name()));
        if (Boolean.TRUE.equals(p.authRequired)) traits.add(msg.get("trait.auth-required"));
        if (p.certificate != null && !p.certificate.trustedByJvm()) traits.add(msg.get("trait.untrusted"));
        if (p.sizeLimit > 0) traits.add("SIZE " + p.sizeLimit);
        out.println(ansi.string("@|bold port " + p.port + "|@: @|bold," + colour + " " + msg.get("verdict." + p.verdict.name()) + "|@"
                + (traits.isEmpty() ? "" : " - " + String.join(", ", traits))));
        if (p.error != null) line(out, msg.get("label.error"), p.error);
        if (p.greeting != null) line(out, msg.get("label.greeting"), p.greeting + "  (" + msg.get("label.banner-host", String.valueOf(p.bannerHost)) + ")");
        if (p.ehloBefore != null) line(out, msg.get("label.ehlo-before"), String.join(" | ", p.ehloBefore));
        if (p.ehloBefore != null) {
            line(out, "STARTTLS", !p.starttlsOffered ? msg.get("starttls.not-offered")
                    : Boolean.TRUE.equals(p.starttlsRequired) ? msg.get("starttls.required") : msg.get("starttls.optional"));
        }
        if (p.tls != null) line(out, "TLS", p.tls.protocol() + ", " + p.tls.cipher() + (p.mode == ProbeReport.Mode.IMPLICIT_TLS ? " (" + msg.get("mode.IMPLICIT_TLS") + ")" : ""));
        var c = p.certificate;
        if (c != null) {
            line(out, msg.get("label.certificate"), msg.get("cert.summary", c.subject(), String.join(", ", c.sans()), c.issuer(),
                    c.notAfter().toString(), c.daysLeft(), c.selfSigned() ? 1 : 0));
            line(out, "", msg.get("cert.trust-jvm", c.trustedByJvm() ? 1 : 0, c.jvmError() == null ? "" : c.jvmError()));
            if (c.trustStore() != null) line(out, "", msg.get("cert.trust-store", c.trustStore(), Boolean.TRUE.equals(c.trustedByStore()) ? 1 : 0,
                    c.storeError() == null ? "" : c.storeError()));
            line(out, "", msg.get("cert.host", c.hostMatches() ? 1 : 0));
        }
        if (p.ehloAfter != null && p.mode == ProbeReport.Mode.STARTTLS) line(out, msg.get("label.ehlo-after"), String.join(" | ", p.ehloAfter));
        if (p.ehloAfter != null && p.mode == ProbeReport.Mode.IMPLICIT_TLS) line(out, msg.get("label.ehlo"), String.join(" | ", p.ehloAfter));
        if (p.mode != null) {
            line(out, "AUTH", msg.get("auth.summary", join(p.authBefore), join(p.authAfter),
                    p.authRequired == null ? 2 : p.authRequired ? 1 : 0));
            if (p.authMechanism != null) line(out, "", msg.get("auth.tried", p.authMechanism, Boolean.TRUE.equals(p.authOk) ? 1 : 0, p.authReply));
            line(out, msg.get("label.extensions"), "SIZE " + (p.sizeLimit > 0 ? p.sizeLimit : "-") + ", SMTPUTF8 " + yes(p.has("SMTPUTF8"))
                    + ", 8BITMIME " + yes(p.has("8BITMIME")) + ", CHUNKING " + yes(p.has("CHUNKING")) + ", PIPELINING " + yes(p.has("PIPELINING")));
        }
        if (p.sendTest != null) line(out, "--send-test", msg.get("send.result", p.sendTest.to(), p.sendTest.accepted() ? 1 : 0, p.sendTest.reply()));
        for (Note n : p.notes) line(out, msg.get("label.note"), msg.get(n.key(), n.args()));
        if (!p.timings.isEmpty()) {
            StringBuilder t = new StringBuilder();
            p.timings.forEach((k, v) -> t.append(t.length() == 0 ? "" : ", ").append(k).append(' ').append(v).append(" ms"));
            line(out, msg.get("label.timing"), t.toString());
        }
        if (!p.predictions.isEmpty()) {
            out.println("  " + msg.get("label.wrong-choices"));
            for (Prediction pr : p.predictions) TextReporter.wrapText(out, "    - ", prediction(pr));
        }
        if (transcript) for (String l : p.transcript) out.println("    " + l);
    }

    String prediction(Prediction pr) {
        String s = msg.get("prediction." + pr.id(), pr.args());
        if (pr.reply() != null) s += ": " + pr.reply() + (pr.exact() ? "" : " ...");
        return s + " (" + msg.get(pr.observed() ? "prediction.observed" : "prediction.inferred") + ")";
    }

    private String yes(boolean b) {
        return msg.get(b ? "word.yes" : "word.no");
    }

    private static String join(List<String> l) {
        return l.isEmpty() ? "-" : String.join(" ", l);
    }

    private void line(PrintWriter out, String label, String value) {
        String pad = label.length() >= 16 ? label + " " : label + " ".repeat(16 - label.length());
        TextReporter.wrapText(out, "  " + pad, value);
    }
}
