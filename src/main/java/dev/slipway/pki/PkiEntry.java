package dev.slipway.pki;

/**
 * Every certificate or key pair of one environment's PKI. The file stem is where it lives under
 * {@code .slipway/ENV/pki/} ({@code STEM.crt}, {@code STEM.key}; the service-account pair as {@code sa.pub}/{@code sa.key}).
 * The layout follows kubeadm's {@code /etc/kubernetes/pki}, so node paths and docs line up.
 */
public enum PkiEntry {
    CLUSTER_CA("ca", true),
    ETCD_CA("etcd/ca", true),
    ETCD_SERVER("etcd/server", false),
    ETCD_PEER("etcd/peer", false),
    /** The API server's client certificate towards etcd. */
    APISERVER_ETCD_CLIENT("apiserver-etcd-client", false),
    APISERVER("apiserver", false),
    APISERVER_KUBELET_CLIENT("apiserver-kubelet-client", false),
    FRONT_PROXY_CA("front-proxy-ca", true),
    FRONT_PROXY_CLIENT("front-proxy-client", false),
    /** Service-account token signing key pair (no certificate). */
    SERVICE_ACCOUNT("sa", false),
    CONTROLLER_MANAGER("controller-manager", false),
    SCHEDULER("scheduler", false),
    /** Day-to-day admin: group {@code kubeadm:cluster-admins}-style, bound to cluster-admin by RBAC. */
    ADMIN("admin", false),
    /** Break-glass credential in {@code system:masters}; bypasses RBAC, keep it offline. */
    SUPER_ADMIN("super-admin", false);

    private final String stem;
    private final boolean authority;

    PkiEntry(String stem, boolean authority) {
        this.stem = stem;
        this.authority = authority;
    }

    public String stem() {
        return stem;
    }

    public boolean isAuthority() {
        return authority;
    }
}
