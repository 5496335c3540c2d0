package io.smtptrace.agent;


import io.smtptrace.agent.capture.Clock;
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
        ExportPipeline pipeline = new ExportPipeline(config, version == null ? "dev" : version);
        SmtpTraceBridge.install(new AgentHooks(pipeline, Clock.SYSTEM, config.envelope));

        MailClassTransformer.install(inst, attached);
        StringBuilder where = new StringBuilder();
        if (config.file != null) {
            where.append(config.file.toAbsolutePath());
        }
        String exporter = System.getProperty("otel.traces.exporter", System.getenv("OTEL_TRACES_EXPORTER"));
        if (exporter != null && !"none".equals(exporter)) {
            where.append(where.length() > 0 ? " and " : "").append("OpenTelemetry exporter '").append(exporter)
                    .append('\'');
        } else if (config.file == null) {
            where.append("OTLP (").append(System.getenv().getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT",
                    System.getProperty("otel.exporter.otlp.endpoint", "default endpoint"))).append(')');
        }
        AgentLog.info("agent " + (version == null ? "dev" : version) + " active; SMTP traces go to " + where);
    }
}
