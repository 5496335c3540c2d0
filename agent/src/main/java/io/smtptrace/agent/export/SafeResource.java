package io.smtptrace.agent.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;

/**
 * The resource every span carries, without the process's command line: {@code -D...password=...}, credentials in
 * program arguments and the agent's own arguments (an HMAC key) live there. A resource provider on a future class
 * path, or {@code OTEL_RESOURCE_ATTRIBUTES} copied from another service, could add them; they are dropped here.
 */
public final class SafeResource {

    static final String[] DROPPED = {"process.command", "process.command_args", "process.command_line"};

    private SafeResource() {
    }

    public static Resource of(Resource resource) {
        Attributes attrs = resource.getAttributes();
        boolean found = false;
        for (String k : DROPPED) {
            found |= attrs.asMap().keySet().stream().anyMatch(a -> a.getKey().equals(k));
        }
        if (!found) {
            return resource;
        }
        AttributesBuilder b = attrs.toBuilder();
        b.removeIf(k -> isDropped(k));
        return Resource.create(b.build(), resource.getSchemaUrl());
    }

    private static boolean isDropped(AttributeKey<?> k) {
        for (String d : DROPPED) {
            if (d.equals(k.getKey())) {
                return true;
            }
        }
        return false;
    }
}
