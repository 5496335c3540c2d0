package io.smtptrace.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import io.smtptrace.agent.AgentConfig;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Resource detection runs beside the export, and the JVM's exit never waits for it. */
class LazyResourceTest {

    private static AgentConfig config() {
        Properties sys = new Properties();
        sys.setProperty("java.io.tmpdir", "/tmp");
        sys.setProperty("user.name", "alice");
        return AgentConfig.load(Map.of(), sys, "otel.service.name=lazy,otel.resource.attributes=team=mail");
    }

    @Test
    void atExitBeforeDetectionFinishedTheConfiguredResourceIsUsedWithoutWaiting() {
        LazyResource r = new LazyResource(config()); // detection never started: as if still running
        long t0 = System.nanoTime();
        Resource atExit = r.get(true);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(LazyResource.WAIT_MS);
        assertThat(atExit.getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("lazy");
        assertThat(atExit.getAttribute(AttributeKey.stringKey("team"))).isEqualTo("mail");
        assertThat(atExit.getAttribute(AttributeKey.stringKey("host.name"))).isNull();
    }

    @Test
    void outsideExitTheDetectedResourceUnderTheConfiguredOne() {
        LazyResource r = LazyResource.start(config());
        Resource detected = r.get(false);
        assertThat(detected.getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("lazy");
        assertThat(detected.getAttribute(AttributeKey.stringKey("host.name"))).isNotBlank();
        assertThat(r.get(true)).as("once detected, exit uses it too").isEqualTo(detected);
    }
}
