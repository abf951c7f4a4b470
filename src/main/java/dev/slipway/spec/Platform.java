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
 * @param warnings     what validates but probably is not meant (a cluster nobody can reach), located like problems
 */
public record Platform(String name, String domain, Map<String, Environment> environments, String source,
        List<Problem> warnings) {

    public Platform {
        environments = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environments));
        warnings = List.copyOf(warnings);
    }

    public Platform(String name, String domain, Map<String, Environment> environments, String source) {
        this(name, domain, environments, source, List.of());
    }

    /** This platform with {@code found} as its warnings. */
    public Platform withWarnings(List<Problem> found) {
        return new Platform(name, domain, environments, source, found);
    }

    public Optional<Environment> environment(String env) {
        return Optional.ofNullable(environments.get(env));
    }

    public List<String> environmentNames() {
        return List.copyOf(environments.keySet());
    }

    /** The bucket holding Terraform state and node provisioning artifacts: {@code ${name}-infra}. */
    public String infraBucket() {
        return name + "-infra";
    }
}
