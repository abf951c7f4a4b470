package dev.slipway.pki;

/**
 * One cluster + user + context triple of a kubeconfig, with PEM material to embed. {@link #toString()} hides the key.
 *
 * @param clusterName the cluster entry's name ({@code NAME-ENV})
 * @param userName    the user entry's name
 * @param contextName the context entry's name, joining the two
 * @param server      the API server URL, {@code https://api.ENV.DOMAIN:6443} by default
 */
public record KubeconfigEntry(String clusterName, String userName, String contextName, String server,
                              String caPem, String clientCertificatePem, String clientKeyPem) {

    /** The kubeconfig for {@code user} (admin or super-admin) of an environment's PKI. */
    public static KubeconfigEntry of(String clusterName, String server, ClusterPki pki, PkiEntry user) {
        if (user != PkiEntry.ADMIN && user != PkiEntry.SUPER_ADMIN) {
            throw new IllegalArgumentException("kubeconfigs are made for admin or super-admin, not " + user.stem());
        }
        // The break-glass identity gets its own user/context name, so that merging it never silently replaces the
        // everyday admin entry (and a look at the context says which power is in use).
        String userName = user == PkiEntry.ADMIN ? clusterName : clusterName + "-" + user.stem();
        PkiMaterial m = pki.get(user);
        return new KubeconfigEntry(clusterName, userName, userName, server,
                pki.get(PkiEntry.CLUSTER_CA).certificatePem(), m.certificatePem(), m.privateKeyPem());
    }

    @Override
    public String toString() {
        return "KubeconfigEntry[" + contextName + " → " + server + ", client key redacted]";
    }
}
