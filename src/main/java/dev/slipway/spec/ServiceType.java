package dev.slipway.spec;

/** How an app is exposed: the Kubernetes Service types Slipway supports. */
public enum ServiceType {
    CLUSTER_IP("ClusterIP"),
    LOAD_BALANCER("LoadBalancer"),
    NONE("None");

    private final String specName;

    ServiceType(String specName) {
        this.specName = specName;
    }

    public String specName() {
        return specName;
    }
}
