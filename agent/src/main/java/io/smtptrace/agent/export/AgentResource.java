package io.smtptrace.agent.export;

import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.instrumentation.resources.ContainerResource;
import io.opentelemetry.instrumentation.resources.HostResource;
import io.opentelemetry.instrumentation.resources.JarServiceNameDetector;
import io.opentelemetry.instrumentation.resources.ManifestResourceProvider;
import io.opentelemetry.instrumentation.resources.OsResource;
import io.opentelemetry.instrumentation.resources.ProcessResource;
import io.opentelemetry.instrumentation.resources.ProcessRuntimeResource;
import io.opentelemetry.sdk.autoconfigure.ResourceConfiguration;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ResourceProvider;
import io.opentelemetry.sdk.autoconfigure.spi.internal.ConditionalResourceProvider;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import io.smtptrace.agent.AgentConfig;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The one place the agent's resource is made (issue #11): what the user configured ({@code otel.service.name},
 * {@code otel.resource.attributes}, through smtp-trace's settings: agent arguments, {@code smtptrace.otel.*},
 * {@code SMTPTRACE_OTEL_*}, then plain {@code otel.*} / {@code OTEL_*}) over what OpenTelemetry's resource library
 * detects the way the OpenTelemetry Java agent does: {@code service.name} (and {@code service.version}) from the main
 * jar's manifest or file name when none is configured, host, OS, container, process and runtime. The process detector
 * runs without the command line, and {@link SafeResource} drops it from whatever else sets it.
 * {@code otel.resource.disabled.keys} removes keys from both, detected or configured.
 *
 * <p>{@link #resource(AgentConfig)} is the configured part alone, made the way the SDK's autoconfiguration makes it
 * (the default resource, {@code otel.service.name}, {@code otel.resource.attributes}, minus
 * {@code otel.resource.disabled.keys}) without starting the SDK: what the spans carry when detection has not finished.
 *
 * <p>Costs a few milliseconds (host name, main jar manifest), so it runs on the export thread when the exporter
 * starts, never on an application thread.
 */
public final class AgentResource {

    private AgentResource() {
    }

    static Resource of(ConfigProperties config) {
        Resource r = Resource.getDefault();
        // each detector alone, so one that fails (a platform without /proc, no main jar) costs only its attributes
        r = merge(r, HostResource::get);
        r = merge(r, OsResource::get);
        r = merge(r, ContainerResource::get);
        r = merge(r, () -> ProcessResource.create(false));
        r = merge(r, ProcessRuntimeResource::get);
        for (ResourceProvider p : new ResourceProvider[] {new ManifestResourceProvider(), new JarServiceNameDetector()}) {
            try {
                // the service name detectors apply only while none is configured or detected yet
                if (((ConditionalResourceProvider) p).shouldApply(config, r)) {
                    r = r.merge(p.createResource(config));
                }
            } catch (Throwable t) {
                // no manifest or jar to name the service by: it stays unknown_service:java
            }
        }
        r = r.merge(ResourceConfiguration.createEnvironmentResource(config));
        // the user's disabled keys hold for detected attributes too, as in the SDK's autoconfiguration
        return SafeResource.of(withoutDisabledKeys(r, config::getString));
    }

    private static Resource merge(Resource r, java.util.function.Supplier<Resource> detector) {
        try {
            return r.merge(detector.get());
        } catch (Throwable t) {
            return r;
        }
    }

    private static final String[] SETTINGS = {"otel.service.name", "otel.resource.attributes",
        "otel.resource.disabled.keys", "otel.experimental.resource.disabled.keys"};

    /** The resource settings as the user gave them, in smtp-trace's precedence (AgentConfig#otel). */
    static Map<String, String> settings(AgentConfig config) {
        Map<String, String> props = new HashMap<>();
        for (String k : SETTINGS) {
            String v = config.otel(k);
            if (v != null) {
                props.put(k, v);
            }
        }
        return props;
    }

    public static Resource resource(AgentConfig config) {
        Map<String, String> props = settings(config);
        Resource r = Resource.getDefault().merge(ResourceConfiguration.createEnvironmentResource(
                DefaultConfigProperties.createFromMap(props)));
        return SafeResource.of(withoutDisabledKeys(r, props::get));
    }

    private static Resource withoutDisabledKeys(Resource r, Function<String, String> setting) {
        Set<String> disabled = new HashSet<>();
        for (String k : new String[] {"otel.resource.disabled.keys", "otel.experimental.resource.disabled.keys"}) {
            String v = setting.apply(k);
            if (v != null) {
                for (String key : v.split(",")) {
                    if (!key.isBlank()) {
                        disabled.add(key.trim());
                    }
                }
            }
        }
        if (disabled.isEmpty()) {
            return r;
        }
        AttributesBuilder b = r.getAttributes().toBuilder();
        b.removeIf(key -> disabled.contains(key.getKey()));
        return Resource.create(b.build(), r.getSchemaUrl());
    }
}
