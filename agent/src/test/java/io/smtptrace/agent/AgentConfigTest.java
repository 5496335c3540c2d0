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
}
