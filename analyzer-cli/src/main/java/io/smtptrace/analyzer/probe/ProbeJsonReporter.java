package io.smtptrace.analyzer.probe;

import java.io.PrintWriter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.probe.ProbeReport.Note;
import io.smtptrace.analyzer.probe.ProbeReport.Port;
import io.smtptrace.analyzer.probe.ProbeReport.Prediction;

/** The probe as one JSON document: keys stable, texts (notes, predictions) in the chosen language beside their ids. */
public final class ProbeJsonReporter {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Messages msg;

    public ProbeJsonReporter(Messages msg) {
        this.msg = msg;
    }

    public void report(ProbeReport r, Port best, PrintWriter out) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("host", r.host);
        root.put("working", best != null);
        if (best != null) root.put("recommendedPort", best.port);
        ArrayNode ports = root.putArray("ports");
        ConfigWriter w = new ConfigWriter(msg);
        ProbeTextReporter texts = new ProbeTextReporter(picocli.CommandLine.Help.Ansi.OFF, msg);
        for (Port p : r.ports) {
            ObjectNode o = ports.addObject();
            o.put("port", p.port);
            o.put("verdict", p.verdict.name().toLowerCase());
            o.put("mode", p.mode == null ? null : p.mode.name().toLowerCase());
            o.put("error", p.error);
            o.put("greeting", p.greeting);
            o.put("bannerHost", p.bannerHost);
            strings(o.putArray("ehloBeforeTls"), p.ehloBefore);
            strings(o.putArray("ehloAfterTls"), p.ehloAfter);
            o.put("starttlsOffered", p.starttlsOffered);
            o.put("starttlsRequired", p.starttlsRequired);
            if (p.tls != null) o.putObject("tls").put("protocol", p.tls.protocol()).put("cipher", p.tls.cipher());
            var c = p.certificate;
            if (c != null) {
                ObjectNode co = o.putObject("certificate");
                co.put("subject", c.subject());
                strings(co.putArray("subjectAltNames"), c.sans());
                co.put("issuer", c.issuer());
                co.put("notAfter", c.notAfter().toString());
                co.put("daysLeft", c.daysLeft());
                co.put("chainLength", c.chainLength());
                co.put("selfSigned", c.selfSigned());
                co.put("trustedByJvm", c.trustedByJvm());
                co.put("jvmTrustError", c.jvmError());
                co.put("trustStore", c.trustStore());
                co.put("trustedByTrustStore", c.trustedByStore());
                co.put("trustStoreError", c.storeError());
                co.put("hostNameMatches", c.hostMatches());
            }
            strings(o.putArray("authBeforeTls"), p.authBefore);
            strings(o.putArray("authAfterTls"), p.authAfter);
            o.put("authRequired", p.authRequired);
            if (p.authMechanism != null) o.putObject("auth").put("mechanism", p.authMechanism).put("accepted", p.authOk).put("reply", p.authReply);
            o.put("sizeLimit", p.sizeLimit > 0 ? p.sizeLimit : null);
            ObjectNode ext = o.putObject("extensions");
            for (String e : new String[] {"SMTPUTF8", "8BITMIME", "CHUNKING", "PIPELINING", "ENHANCEDSTATUSCODES", "DSN"}) ext.put(e, p.has(e));
            if (p.sendTest != null) o.putObject("sendTest").put("to", p.sendTest.to()).put("accepted", p.sendTest.accepted()).put("reply", p.sendTest.reply());
            ObjectNode t = o.putObject("timingsMs");
            p.timings.forEach(t::put);
            ArrayNode notes = o.putArray("notes");
            for (Note n : p.notes) notes.addObject().put("id", n.key()).put("text", msg.get(n.key(), n.args()));
            ArrayNode preds = o.putArray("wrongChoices");
            for (Prediction pr : p.predictions) {
                preds.addObject().put("id", pr.id()).put("text", texts.prediction(pr)).put("reply", pr.reply()).put("replyExact", pr.exact()).put("observed", pr.observed());
            }
            if (p.config != null && p.verdict == ProbeReport.Verdict.WORKS) {
                ObjectNode cfg = o.putObject("configuration");
                ObjectNode jm = cfg.putObject("javamail");
                p.config.javamail().forEach(jm::put);
                strings(cfg.putArray("jvmOptions"), p.config.jvmOptions());
                ObjectNode sp = cfg.putObject("springBoot");
                w.springMap(p.config).forEach(sp::put);
                cfg.put("javamailProperties", w.javamail(p.config));
                cfg.put("springBootProperties", w.springProperties(p.config));
                cfg.put("springBootYaml", w.springYaml(p.config));
            }
            strings(o.putArray("transcript"), p.transcript);
        }
        try {
            out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    private static void strings(ArrayNode a, java.util.List<String> l) {
        if (l != null) l.forEach(a::add);
    }
}
