package dev.slipway.spec;

/**
 * @param version       Kubernetes version, e.g. {@code v1.36.3}; defaults to the pinned one in versions
 * @param clusterDomain cluster DNS domain, {@code cluster.local} by default
 */
public record KubernetesSpec(String version, String clusterDomain) {
    /** The cluster DNS domain when the spec names none; the spec's default, the PKI's and the kubelets' fallback. */
    public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";
}
