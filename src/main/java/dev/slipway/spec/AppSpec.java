package dev.slipway.spec;

import java.util.List;
import java.util.Map;

/**
 * One application of the app suite.
 *
 * @param env            plain environment variables
 * @param secrets        names of secrets (declared under {@code secrets:}) exposed to the app as environment variables
 * @param hostnames      DNS names routed to the app's load balancer (must lie under the environment's domain or the
 *                       platform domain)
 * @param resources      requests (and memory limit) of the app's container
 * @param usesMongo      whether the app may connect to MongoDB (the NetworkPolicy admits only such apps)
 * @param allowMovingTag whether a protected environment accepts a moving image tag ({@code latest}) for this app
 * @param allowSpot      whether the app may run on spot nodes (tolerates their taint); off by default
 * @param architectures  the CPU architectures the app's image is published for; amd64 alone unless the spec says
 *                       more (Slipway cannot look into a user's image, and an amd64-only image on an arm64 node
 *                       fails with "exec format error", while the opposite mistake only leaves arm64 capacity unused)
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
        String healthPath,
        ResourcesSpec resources,
        boolean usesMongo,
        boolean allowMovingTag,
        boolean allowSpot,
        List<String> architectures) {

    /**
     * The listener Slipway adds to a {@code LoadBalancer} app with hostnames: TLS on 443, terminated at the load
     * balancer with the app's certificate, forwarding to the app's first port.
     */
    public static final String HTTPS_PORT_NAME = "https";
    public static final int HTTPS_PORT = 443;

    public AppSpec {
        ports = List.copyOf(ports);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        secrets = List.copyOf(secrets);
        hostnames = List.copyOf(hostnames);
        architectures = List.copyOf(architectures);
    }

    /** As before apps declared their architectures: amd64 only. */
    public AppSpec(String name, String image, int replicas, List<PortSpec> ports, Map<String, String> env,
            List<String> secrets, ServiceType serviceType, List<String> hostnames, String healthPath,
            ResourcesSpec resources, boolean usesMongo, boolean allowMovingTag, boolean allowSpot) {
        this(name, image, replicas, ports, env, secrets, serviceType, hostnames, healthPath, resources, usesMongo,
                allowMovingTag, allowSpot, List.of());
    }

    /** The spec's defaults for the fields added after the first nine. */
    public AppSpec(String name, String image, int replicas, List<PortSpec> ports, Map<String, String> env,
            List<String> secrets, ServiceType serviceType, List<String> hostnames, String healthPath) {
        this(name, image, replicas, ports, env, secrets, serviceType, hostnames, healthPath,
                ResourcesSpec.APP_DEFAULT, false, false, false);
    }

    /** Off spot: the fields before {@code allowSpot}. */
    public AppSpec(String name, String image, int replicas, List<PortSpec> ports, Map<String, String> env,
            List<String> secrets, ServiceType serviceType, List<String> hostnames, String healthPath,
            ResourcesSpec resources, boolean usesMongo, boolean allowMovingTag) {
        this(name, image, replicas, ports, env, secrets, serviceType, hostnames, healthPath, resources, usesMongo,
                allowMovingTag, false);
    }

    /** The architectures the image runs on: those declared ({@code amd64}, {@code arm64}), amd64 alone when none. */
    public java.util.Set<CpuArchitecture> runsOn() {
        return CpuArchitecture.imageDefault(architectures.stream().map(CpuArchitecture::byKubernetesName)
                .collect(java.util.stream.Collectors.toSet()));
    }
}
