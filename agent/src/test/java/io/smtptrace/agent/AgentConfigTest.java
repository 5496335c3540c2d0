package io.smtptrace.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

    private static Properties sys(String... kv) {
        Properties p = new Properties();
        p.setProperty("java.io.tmpdir", "/tmp");
        p.setProperty("user.name", "alice");
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void otelAgentArgumentsAreKeptForTheSdkAndQuotedValuesCarryCommas() {
        AgentConfig c = AgentConfig.load(Map.of(), sys(),
                "file=/var/log/smtp.jsonl,otel.service.name=checkout,"
                        + "otel.resource.attributes=\"team=mail,tier=1\",envelope=hash");
        assertThat(c.otelArguments).containsExactly(Map.entry("otel.service.name", "checkout"),
                Map.entry("otel.resource.attributes", "team=mail,tier=1"));
        assertThat(c.file).hasToString("/var/log/smtp.jsonl");
        assertThat(c.envelope.name()).isEqualTo("HASH");
        assertThat(c.unknown).isEmpty();
    }

    @Test
    void escapesInsideQuotes() {
        List<String> problems = new ArrayList<>();
        assertThat(AgentConfig.parseArgs("a=\"x\\\"y,z\\\\\",b=2", problems))
                .containsExactly(Map.entry("a", "x\"y,z\\"), Map.entry("b", "2"));
        assertThat(problems).isEmpty();
        AgentConfig.parseArgs("a=\"open,b=2", problems);
        assertThat(problems).singleElement().asString().contains("double quote");
    }

    @Test
    void anOtelEndpointAsAgentArgumentTurnsOffTheDefaultFileAndReachesTheSdk() {
        AgentConfig c = AgentConfig.load(Map.of(), sys(), "otel.exporter.otlp.endpoint=http://collector:4318");
        assertThat(c.file).isNull();
        assertThat(c.otel("otel.exporter.otlp.endpoint")).isEqualTo("http://collector:4318");
    }

    @Test
    void unknownSettingsAreReportedByName() {
        AgentConfig c = AgentConfig.load(Map.of(), sys("smtptrace.fiel", "/x", "smtptrace.debug", "true"),
                "envelop=hash,smtptrace.queue.size=100,justaword");
        assertThat(c.unknown).containsExactlyInAnyOrder("agent argument 'envelop'",
                "system property 'smtptrace.fiel'", "agent argument 'justaword' (not key=value)");
        assertThat(c.queueSize).isEqualTo(100);
    }

    @Test
    void agentArgumentsWinOverSystemPropertiesWhichWinOverEnvironment() {
        AgentConfig c = AgentConfig.load(Map.of("SMTPTRACE_ENVELOPE", "none", "SMTPTRACE_EXCHANGES", "spans"),
                sys("smtptrace.envelope", "full", "smtptrace.file", "/a"), "file=/b");
        assertThat(c.file).hasToString("/b");
        assertThat(c.envelope.name()).isEqualTo("FULL");
        assertThat(c.exchangeSpans).isTrue();
    }

    @Test
    void defaultFileIsPerUserAndUniqueWhereEveryJvmIsPid1() {
        AgentConfig a = AgentConfig.load(Map.of(), sys());
        AgentConfig b = AgentConfig.load(Map.of(), sys());
        assertThat(a.defaultFile).isTrue();
        assertThat(a.file.getParent()).hasToString("/tmp/smtp-trace-alice");
        assertThat(a.file.getFileName().toString()).matches("smtp-trace-\\d{8}T\\d{6}-\\d+-[0-9a-f]{4}\\.jsonl");
        // same second, same pid: the random part still differs (1 in 65536 that it does not: rerun)
        assertThat(a.file).isNotEqualTo(b.file);
    }

    @Test
    void keysOfNeverShowsValues() {
        assertThat(AgentConfig.keysOf("envelope.key=\"s3,cret\",file=/x")).isEqualTo("envelope.key, file");
    }

    // ---- settings set apart from the OpenTelemetry Java agent's (issue #11) ----

    @Test
    void smtptraceOtelSettingsWinOverPlainOnesInThisOrder() {
        AgentConfig c = AgentConfig.load(
                Map.of("SMTPTRACE_OTEL_SERVICE_NAME", "from-env", "SMTPTRACE_OTEL_EXPORTER_OTLP_ENDPOINT", "http://env:4318",
                        "OTEL_EXPORTER_OTLP_HEADERS", "plain=1", "SMTPTRACE_OTEL_BSP_SCHEDULE_DELAY", " "),
                sys("smtptrace.otel.service.name", "from-sysprop", "otel.service.name", "plain-sysprop",
                        "smtptrace.otel.traces.sampler", "always_on"),
                "smtptrace.otel.traces.sampler=parentbased_always_on", false);
        assertThat(c.otelArguments).containsOnly(
                Map.entry("otel.traces.sampler", "parentbased_always_on"),   // agent argument first
                Map.entry("otel.service.name", "from-sysprop"),              // then smtptrace.otel.* property
                Map.entry("otel.exporter.otlp.endpoint", "http://env:4318")); // then SMTPTRACE_OTEL_* (blank: unset)
        assertThat(c.otel("otel.service.name")).isEqualTo("from-sysprop");
        assertThat(c.otel("otel.exporter.otlp.headers")).isEqualTo("plain=1");
        assertThat(c.unknown).isEmpty();
        // an endpoint set apart for smtp-trace is an exporter choice of ours: the default file is off, as with otel.*
        assertThat(c.file).isNull();
    }

    @Test
    void withoutTheOpenTelemetryAgentAPlainTracesExporterStillReplacesTheDefaultFile() {
        AgentConfig c = AgentConfig.load(Map.of("OTEL_TRACES_EXPORTER", "otlp"), sys(), null, false);
        assertThat(c.file).isNull();
        assertThat(c.otelJavaAgent).isFalse();
    }

    @Test
    void besideTheOpenTelemetryAgentItsPlainExporterSettingsKeepOurDefaultFile() {
        for (Map<String, String> env : List.of(Map.of("OTEL_TRACES_EXPORTER", "otlp"),
                Map.of("OTEL_TRACES_EXPORTER", "none"),
                Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"))) {
            AgentConfig c = AgentConfig.load(env, sys(), null, true);
            assertThat(c.file).as("%s", env).isNotNull();
            assertThat(c.defaultFile).isTrue();
        }
        AgentConfig sysProp = AgentConfig.load(Map.of(), sys("otel.traces.exporter", "logging"), null, true);
        assertThat(sysProp.file).isNotNull();
        // ours, set apart, still decides
        assertThat(AgentConfig.load(Map.of("SMTPTRACE_OTEL_TRACES_EXPORTER", "otlp"), sys(), null, true).file).isNull();
        assertThat(AgentConfig.load(Map.of(), sys(), "otel.traces.exporter=otlp", true).file).isNull();
        assertThat(AgentConfig.load(Map.of(), sys(), "otel.traces.exporter=otlp,file=/x.jsonl", true).file)
                .hasToString("/x.jsonl");
    }

    @Test
    void besideTheOpenTelemetryAgentItsSamplerDoesNotSampleOurSpans() {
        AgentConfig c = AgentConfig.load(Map.of("OTEL_TRACES_SAMPLER", "traceidratio", "OTEL_TRACES_SAMPLER_ARG", "0.1"),
                sys(), null, true);
        assertThat(c.otel("otel.traces.sampler")).isEqualTo("always_on");
        AgentConfig apart = AgentConfig.load(Map.of("OTEL_TRACES_SAMPLER", "traceidratio",
                "SMTPTRACE_OTEL_TRACES_SAMPLER", "parentbased_always_on"), sys(), null, true);
        assertThat(apart.otel("otel.traces.sampler")).isEqualTo("parentbased_always_on");
        AgentConfig alone = AgentConfig.load(Map.of("OTEL_TRACES_SAMPLER", "traceidratio"), sys(), null, false);
        assertThat(alone.otel("otel.traces.sampler")).isEqualTo("traceidratio");
    }

    @Test
    void besideTheOpenTelemetryAgentOurPrometheusEndpointMovesToTheNextPort() {
        AgentConfig c = AgentConfig.load(Map.of("OTEL_METRICS_EXPORTER", "prometheus"), sys(), null, true);
        assertThat(c.otel("otel.exporter.prometheus.port")).isEqualTo("9465");
        assertThat(c.besideOtelAgentNote).contains("9465", "9464", "smtptrace.otel.exporter.prometheus.port");
        AgentConfig theirs = AgentConfig.load(Map.of("OTEL_METRICS_EXPORTER", "prometheus",
                "OTEL_EXPORTER_PROMETHEUS_PORT", "9500"), sys(), null, true);
        assertThat(theirs.otel("otel.exporter.prometheus.port")).isEqualTo("9501");
        AgentConfig apart = AgentConfig.load(Map.of("OTEL_METRICS_EXPORTER", "prometheus",
                "SMTPTRACE_OTEL_EXPORTER_PROMETHEUS_PORT", "9999"), sys(), null, true);
        assertThat(apart.otel("otel.exporter.prometheus.port")).isEqualTo("9999");
        assertThat(apart.besideOtelAgentNote).isNull();
        // only ours serves Prometheus (set apart), or only theirs: no clash, nothing moves
        assertThat(AgentConfig.load(Map.of("SMTPTRACE_OTEL_METRICS_EXPORTER", "prometheus"), sys(), null, true)
                .otel("otel.exporter.prometheus.port")).isNull();
        assertThat(AgentConfig.load(Map.of("OTEL_METRICS_EXPORTER", "prometheus", "SMTPTRACE_OTEL_METRICS_EXPORTER",
                "otlp"), sys(), null, true).besideOtelAgentNote).isNull();
        // alone, nothing moves
        AgentConfig alone = AgentConfig.load(Map.of("OTEL_METRICS_EXPORTER", "prometheus"), sys(), null, false);
        assertThat(alone.otel("otel.exporter.prometheus.port")).isNull();
    }

    @Test
    void theOpenTelemetryAgentIsRecognisedOnTheCommandLineByItsManifest() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("otel-agent-test");
        java.nio.file.Path renamed = dir.resolve("otel.jar");
        java.util.jar.Manifest m = new java.util.jar.Manifest();
        m.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Premain-Class", OtelJavaAgent.PREMAIN_CLASS);
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(
                java.nio.file.Files.newOutputStream(renamed), m)) {
            out.flush();
        }
        java.nio.file.Path other = dir.resolve("opentelemetry-lookalike.jar");
        java.util.jar.Manifest o = new java.util.jar.Manifest();
        o.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        o.getMainAttributes().putValue("Premain-Class", "com.example.Agent");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(
                java.nio.file.Files.newOutputStream(other), o)) {
            out.flush();
        }
        assertThat(OtelJavaAgent.inArguments(List.of("-Xmx1g", "-javaagent:" + renamed + "=x=1"))).isTrue();
        assertThat(OtelJavaAgent.inArguments(List.of("-javaagent:" + other))).isFalse();
        assertThat(OtelJavaAgent.inArguments(List.of("-javaagent:/missing/opentelemetry-javaagent-2.21.0.jar")))
                .isTrue();
        assertThat(OtelJavaAgent.inArguments(List.of("-javaagent:/missing/smtp-trace-agent.jar", "-jar", "app.jar")))
                .isFalse();
        assertThat(OtelJavaAgent.present(Map.of())).as("this test JVM").isFalse();
    }
}
