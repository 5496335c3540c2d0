package io.smtptrace.agent.export;

import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.autoconfigure.ResourceConfiguration;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import io.smtptrace.agent.AgentConfig;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The resource of every span the agent exports, the trace file's and the SDK's alike: the one place it is made. As
 * the SDK's autoconfiguration makes it (the SDK's default resource, {@code otel.service.name},
 * {@code otel.resource.attributes}, minus {@code otel.resource.disabled.keys}), from the same settings in the same
 * precedence (agent argument, system property, environment), without starting the SDK; then made safe
 * ({@link SafeResource}: never the command line).
 */
final class AgentResource {

    private static final String[] SETTINGS = {"otel.service.name", "otel.resource.attributes",
        "otel.resource.disabled.keys", "otel.experimental.resource.disabled.keys"};

    private AgentResource() {
    }

    static Resource resource(AgentConfig config) {
        Map<String, String> props = new HashMap<>();
        for (String k : SETTINGS) {
            String v = config.otel(k);
            if (v != null) {
                props.put(k, v);
            }
        }
        Resource r = Resource.getDefault().merge(ResourceConfiguration.createEnvironmentResource(
                DefaultConfigProperties.createFromMap(props)));
        Set<String> disabled = new HashSet<>();
        for (String k : new String[] {"otel.resource.disabled.keys", "otel.experimental.resource.disabled.keys"}) {
            if (props.get(k) != null) {
                for (String key : props.get(k).split(",")) {
                    if (!key.isBlank()) {
                        disabled.add(key.trim());
                    }
                }
            }
        }
        if (!disabled.isEmpty()) {
            AttributesBuilder b = r.getAttributes().toBuilder();
            b.removeIf(key -> disabled.contains(key.getKey()));
            r = Resource.create(b.build(), r.getSchemaUrl());
        }
        return SafeResource.of(r);
    }
}
