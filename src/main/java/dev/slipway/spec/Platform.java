package dev.slipway.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole platform spec ({@code platform.yaml}), validated, with every environment resolved: each
 * {@link Environment} already carries the top-level defaults with that environment's overrides applied.
 *
 * @param name         short name without dots; replaces the seed's {@code yourcom} and prefixes buckets
 * @param domain       base DNS domain; replaces the seed's {@code your.com}
 * @param environments environments in the order the spec lists them
 * @param source       file the spec was read from (for messages)
 * @param stateStore   where the environments' state lives: {@code s3://BUCKET[/PREFIX]} or {@code local}
 * @param warnings     what validates but probably is not meant (a moving image tag, a cluster nobody can reach),
 *                     located like problems, in file order
 */
public record Platform(String name, String domain, Map<String, Environment> environments, String source,
        String stateStore, List<Problem> warnings) {
    /** {@code NAME-infra}: the one place the infra bucket's name is made. */
    public static final String INFRA_BUCKET_SUFFIX = "-infra";
    /** The value of {@code stateStore} that keeps state only in {@code .slipway/ENV/} beside the spec. */
    public static final String LOCAL_STATE_STORE = "local";

    public Platform {
        environments = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environments));
        warnings = List.copyOf(warnings);
    }

    public Platform(String name, String domain, Map<String, Environment> environments, String source,
            String stateStore) {
        this(name, domain, environments, source, stateStore, List.of());
    }

    /** This platform with {@code warnings}: findings that do not stop a command but that a person should see. */
    public Platform withWarnings(List<Problem> warnings) {
        return new Platform(name, domain, environments, source, stateStore, warnings);
    }

    public Optional<Environment> environment(String env) {
        return Optional.ofNullable(environments.get(env));
    }

    public List<String> environmentNames() {
        return List.copyOf(environments.keySet());
    }

    /** The bucket holding Terraform state, the state store and node provisioning files: {@code NAME-infra}. */
    public static String infraBucketOf(String platformName) {
        return platformName + INFRA_BUCKET_SUFFIX;
    }

    /** The state store when the spec names none: the infra bucket, {@code s3://NAME-infra}. */
    public static String defaultStateStore(String platformName) {
        return "s3://" + infraBucketOf(platformName);
    }
}
