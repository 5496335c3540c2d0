package io.smtptrace.agent;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;

import io.smtptrace.agent.capture.Clock;
import io.smtptrace.agent.export.ExportPipeline;
import io.smtptrace.agent.hooks.AgentHooks;
import io.smtptrace.agent.inst.SmtpOutputStreamInstrumentation;
import io.smtptrace.agent.inst.SmtpTransportInstrumentation;
import io.smtptrace.agent.inst.SmtpTransportInstrumentation.BdatAdvice;
import io.smtptrace.agent.inst.SmtpTransportInstrumentation.CloseConnectionAdvice;
import io.smtptrace.agent.inst.SmtpTransportInstrumentation.DataAdvice;
import io.smtptrace.agent.inst.SmtpTransportInstrumentation.OpenServerAdvice;
import io.smtptrace.agent.inst.SmtpTransportInstrumentation.OpenServerSocketAdvice;
import io.smtptrace.agent.inst.SmtpTransportInstrumentation.OperationAdvice;
import io.smtptrace.agent.inst.SmtpTransportInstrumentation.ReadResponseAdvice;
import io.smtptrace.agent.inst.SmtpTransportInstrumentation.SendCommandAdvice;
import io.smtptrace.agent.inst.SmtpTransportInstrumentation.StartTlsAdvice;
import io.smtptrace.bootstrap.SmtpTraceBridge;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;
import java.util.List;

/** Wires capture, export and instrumentation together. Loaded only after the bridge is on the bootstrap path. */
final class Installer {

    private Installer() {
    }

    static void install(Instrumentation inst, AgentConfig config, boolean attached) {
        String version = Installer.class.getPackage().getImplementationVersion();
        ExportPipeline pipeline = new ExportPipeline(config, version == null ? "dev" : version);
        SmtpTraceBridge.install(new AgentHooks(pipeline, Clock.SYSTEM, config.envelope));

        ClassLoader agentLoader = Installer.class.getClassLoader();
        AgentBuilder.Transformer.ForAdvice transport = new AgentBuilder.Transformer.ForAdvice()
                .include(agentLoader)
                .advice(SmtpTransportInstrumentation.OPERATIONS, OperationAdvice.class.getName())
                .advice(SmtpTransportInstrumentation.OPEN_SERVER_HOST_PORT, OpenServerAdvice.class.getName())
                .advice(SmtpTransportInstrumentation.OPEN_SERVER_SOCKET, OpenServerSocketAdvice.class.getName())
                .advice(SmtpTransportInstrumentation.SEND_COMMAND, SendCommandAdvice.class.getName())
                .advice(SmtpTransportInstrumentation.READ_RESPONSE, ReadResponseAdvice.class.getName())
                .advice(SmtpTransportInstrumentation.START_TLS, StartTlsAdvice.class.getName())
                .advice(SmtpTransportInstrumentation.DATA, DataAdvice.class.getName())
                .advice(SmtpTransportInstrumentation.BDAT, BdatAdvice.class.getName())
                .advice(SmtpTransportInstrumentation.CLOSE_CONNECTION, CloseConnectionAdvice.class.getName());
        AgentBuilder.Transformer.ForAdvice stream = new AgentBuilder.Transformer.ForAdvice()
                .include(agentLoader)
                .advice(SmtpOutputStreamInstrumentation.WRITE_ARRAY,
                        SmtpOutputStreamInstrumentation.WriteArrayAdvice.class.getName())
                .advice(SmtpOutputStreamInstrumentation.WRITE_BYTE,
                        SmtpOutputStreamInstrumentation.WriteByteAdvice.class.getName());

        new AgentBuilder.Default()
                .disableClassFormatChanges()
                // at start-up no mail class is loaded yet; after an attach they may be, and are retransformed
                .with(attached ? AgentBuilder.RedefinitionStrategy.RETRANSFORMATION
                        : AgentBuilder.RedefinitionStrategy.DISABLED)
                .with(new Listener())
                .ignore(nameStartsWith("java.").or(nameStartsWith("jdk.")).or(nameStartsWith("sun."))
                        .or(nameStartsWith("io.smtptrace.")).or(nameStartsWith("net.bytebuddy.")))
                .type(namedOneOf(SmtpTransportInstrumentation.TYPES))
                .transform((builder, type, loader, module, pd) -> {
                    List<String> missing = SmtpTransportInstrumentation.missingMembers(type);
                    if (!missing.isEmpty()) {
                        AgentLog.once("unsupported:" + type.getName() + "@" + System.identityHashCode(loader),
                                type.getName() + " is a version smtp-trace cannot handle (missing " + missing
                                        + "); SMTP through it is not traced");
                        return builder;
                    }
                    return transport.transform(builder, type, loader, module, pd);
                })
                .type(namedOneOf(SmtpOutputStreamInstrumentation.TYPES))
                .transform(stream)
                .installOn(inst);

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

    /** One line per type that could not be instrumented; details only with smtptrace.debug=true. */
    private static final class Listener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            AgentLog.debug("instrumented " + type.getName() + " in " + loader);
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                            Throwable throwable) {
            AgentLog.once("error:" + typeName + "@" + System.identityHashCode(loader),
                    "could not instrument " + typeName + " (" + throwable + "); SMTP through it is not traced");
        }
    }
}
