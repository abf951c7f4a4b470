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
    /** Day-to-day admin: group {@code kubeadm:cluster-admins}, bound to cluster-admin by RBAC. */
    ADMIN("admin", false),
    /** Break-glass credential in {@code system:masters}; bypasses RBAC, keep it offline. */
    SUPER_ADMIN("super-admin", false);

    /** Where every entry lives in the state store. */
    public static final String STATE_PREFIX = "pki/";

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

    /** Whether this entry is an X.509 certificate (everything but the service-account key pair). */
    public boolean hasCertificate() {
        return this != SERVICE_ACCOUNT;
    }

    /** The CA that signs this entry's certificate; an authority signs itself, the service-account pair has none. */
    public PkiEntry issuer() {
        return switch (this) {
            case CLUSTER_CA, APISERVER, APISERVER_KUBELET_CLIENT, CONTROLLER_MANAGER, SCHEDULER, ADMIN, SUPER_ADMIN ->
                    CLUSTER_CA;
            case ETCD_CA, ETCD_SERVER, ETCD_PEER, APISERVER_ETCD_CLIENT -> ETCD_CA;
            case FRONT_PROXY_CA, FRONT_PROXY_CLIENT -> FRONT_PROXY_CA;
            case SERVICE_ACCOUNT -> SERVICE_ACCOUNT;
        };
    }

    /** State key of the certificate ({@code pki/STEM.crt}) or, for the service account, the public key. */
    public String certificateKey() {
        return STATE_PREFIX + stem + (hasCertificate() ? ".crt" : ".pub");
    }

    /** State key of the private key ({@code pki/STEM.key}); stored with owner-only permissions. */
    public String privateKeyKey() {
        return STATE_PREFIX + stem + ".key";
    }
}
