package io.smtptrace.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent's resource: configured over detected, detected like the OpenTelemetry Java agent, no command line. */
class AgentResourceTest {

    private static String attr(Resource r, String key) {
        Object v = r.getAttributes().get(AttributeKey.stringKey(key));
        return v == null ? null : v.toString();
    }

    @Test
    void detectsHostProcessAndRuntimeButNeverTheCommandLine() {
        long t0 = System.nanoTime();
        Resource r = AgentResource.of(DefaultConfigProperties.createFromMap(Map.of()));
        long micros = (System.nanoTime() - t0) / 1000;
        System.out.println("AgentResource.of (first, cold): " + micros + " µs");
        assertThat(attr(r, "host.name")).isNotBlank();
        assertThat(attr(r, "os.type")).isNotBlank();
        assertThat(r.getAttributes().get(AttributeKey.longKey("process.pid"))).isEqualTo(ProcessHandle.current().pid());
        assertThat(attr(r, "process.runtime.name")).isNotBlank();
        assertThat(attr(r, "telemetry.sdk.name")).isEqualTo("opentelemetry");
        assertThat(r.getAttributes().asMap().keySet()).extracting(AttributeKey::getKey)
                .doesNotContain("process.command", "process.command_args", "process.command_line");
        // surefire starts tests from a jar or a class: either way a name other than the SDK's default is found, or the
        // default stays; never an empty one
        assertThat(attr(r, "service.name")).isNotBlank();
    }

    @Test
    void configuredNameAndAttributesWinAndTheCommandLineStaysOut() {
        Resource r = AgentResource.of(DefaultConfigProperties.createFromMap(Map.of(
                "otel.service.name", "checkout",
                "otel.resource.attributes", "deployment.environment.name=prod,host.name=configured,"
                        + "process.command_line=java -Dpassword=secret")));
        assertThat(attr(r, "service.name")).isEqualTo("checkout");
        assertThat(attr(r, "deployment.environment.name")).isEqualTo("prod");
        assertThat(attr(r, "host.name")).isEqualTo("configured");
        assertThat(r.getAttributes().asMap().keySet()).extracting(AttributeKey::getKey)
                .doesNotContain("process.command_line");
    }

    @Test
    void aServiceNameFromResourceAttributesIsNotOverriddenByTheDetectedOne() {
        Resource r = AgentResource.of(DefaultConfigProperties.createFromMap(Map.of(
                "otel.resource.attributes", "service.name=billing")));
        assertThat(attr(r, "service.name")).isEqualTo("billing");
    }

    @Test
    void disabledKeysHoldForDetectedAttributesAsForConfiguredOnes() {
        Map<String, String> settings = Map.of(
                "otel.resource.disabled.keys", "host.name, os.description,deployment.environment.name",
                "otel.experimental.resource.disabled.keys", "process.pid",
                "otel.resource.attributes", "deployment.environment.name=prod,team=mail");
        Resource detected = AgentResource.of(DefaultConfigProperties.createFromMap(settings));
        assertThat(detected.getAttributes().asMap().keySet()).extracting(AttributeKey::getKey)
                .doesNotContain("host.name", "os.description", "process.pid", "deployment.environment.name")
                .contains("os.type", "team");
        assertThat(attr(detected, "team")).isEqualTo("mail");
    }
}
