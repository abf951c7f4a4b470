package dev.slipway.spec;

/**
 * @param version       Kubernetes version, e.g. {@code v1.36.3}; defaults to the pinned one in versions
 * @param clusterDomain cluster DNS domain, {@code cluster.local} by default
 */
public record KubernetesSpec(String version, String clusterDomain) {
}
