package io.smtptrace.agent;


import io.smtptrace.agent.capture.Clock;
import io.smtptrace.agent.capture.EnvelopePrivacy;
import io.smtptrace.agent.export.ExportPipeline;
import io.smtptrace.agent.hooks.AgentHooks;
import io.smtptrace.agent.inst.MailClassTransformer;
import io.smtptrace.bootstrap.SmtpTraceBridge;

import java.lang.instrument.Instrumentation;

/** Wires capture, export and instrumentation together. Loaded only after the bridge is on the bootstrap path. */
final class Installer {

    private Installer() {
    }

    static void install(Instrumentation inst, AgentConfig config, boolean attached) {
        String version = Installer.class.getPackage().getImplementationVersion();
        if (config.envelopeKey != null) {
            EnvelopePrivacy.useKey(config.envelopeKey);
        }
        ExportPipeline pipeline = new ExportPipeline(config, version == null ? "dev" : version);
        SmtpTraceBridge.install(new AgentHooks(pipeline, Clock.SYSTEM, config.envelope));
        pipeline.startEarly();

        MailClassTransformer.install(inst, attached);
        StringBuilder where = new StringBuilder();
        if (config.file != null) {
            where.append(config.file.toAbsolutePath());
        }
        String exporter = config.otel("otel.traces.exporter");
        if (exporter != null && !"none".equals(exporter)) {
            where.append(where.length() > 0 ? " and " : "").append("OpenTelemetry exporter '").append(exporter)
                    .append('\'');
        } else if (config.file == null) {
            String endpoint = config.otel("otel.exporter.otlp.traces.endpoint");
            if (endpoint == null) {
                endpoint = config.otel("otel.exporter.otlp.endpoint");
            }
            where.append("OTLP (").append(endpoint == null ? "default endpoint" : endpoint).append(')');
        }
        AgentLog.info("agent " + (version == null ? "dev" : version) + " active; SMTP traces go to " + where
                + (config.envelope == EnvelopePrivacy.HASH && !config.envelopeKeyConfigured
                ? " (envelope=hash with a random per-process key: tokens match only within this JVM's run)" : ""));
    }
}
