package dev.slipway.spec;

import java.util.List;
import java.util.Map;

/**
 * One application of the app suite.
 *
 * @param env       plain environment variables
 * @param secrets   names of secrets (declared under {@code secrets:}) exposed to the app as environment variables
 * @param hostnames DNS names routed to the app's load balancer (must lie under the environment's domain or the
 *                  platform domain)
 */
public record AppSpec(
        String name,
        String image,
        int replicas,
        List<PortSpec> ports,
        Map<String, String> env,
        List<String> secrets,
        ServiceType serviceType,
        List<String> hostnames,
        String healthPath) {

    public AppSpec {
        ports = List.copyOf(ports);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        secrets = List.copyOf(secrets);
        hostnames = List.copyOf(hostnames);
    }
}
