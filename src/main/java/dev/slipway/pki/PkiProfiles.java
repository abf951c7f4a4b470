package dev.slipway.pki;

import dev.slipway.pki.CertificateProfile.Usage;
import dev.slipway.spec.Environment;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The certificate profiles of one environment, following current kubeadm's choices (subjects, groups, usages), with
 * the names an AWS deployment needs in its SANs.
 */
public final class PkiProfiles {
    /** The group of the day-to-day admin credential, bound to cluster-admin by {@link ClusterAdminsBinding}. */
    public static final String CLUSTER_ADMINS_GROUP = "kubeadm:cluster-admins";
    /** The group the API server lets past RBAC altogether: only the break-glass credential carries it. */
    public static final String SYSTEM_MASTERS_GROUP = "system:masters";

    private PkiProfiles() {
    }

    /**
     * @param apiLoadBalancerName the DNS name of the API load balancer when known (from Terraform outputs), added to
     *                            the API server certificate's SANs
     */
    public static Map<PkiEntry, CertificateProfile> of(Environment env, Optional<String> apiLoadBalancerName) {
        String cluster = env.clusterName();
        Map<PkiEntry, CertificateProfile> m = new EnumMap<>(PkiEntry.class);
        m.put(PkiEntry.CLUSTER_CA, CertificateProfile.of(PkiEntry.CLUSTER_CA, cluster + "-ca", List.of(),
                Usage.AUTHORITY));
        m.put(PkiEntry.ETCD_CA, CertificateProfile.of(PkiEntry.ETCD_CA, cluster + "-etcd-ca", List.of(),
                Usage.AUTHORITY));
        m.put(PkiEntry.FRONT_PROXY_CA, CertificateProfile.of(PkiEntry.FRONT_PROXY_CA, cluster + "-front-proxy-ca",
                List.of(), Usage.AUTHORITY));

        List<String> etcdDns = new ArrayList<>(env.etcdHostnames());
        etcdDns.add("localhost");
        // etcd's gRPC gateway dials its own client port with the server certificate, hence client auth on both.
        m.put(PkiEntry.ETCD_SERVER, new CertificateProfile(PkiEntry.ETCD_SERVER, "etcd-server", List.of(),
                Usage.SERVER_AND_CLIENT, etcdDns, List.of("127.0.0.1")));
        m.put(PkiEntry.ETCD_PEER, new CertificateProfile(PkiEntry.ETCD_PEER, "etcd-peer", List.of(),
                Usage.SERVER_AND_CLIENT, etcdDns, List.of("127.0.0.1")));
        m.put(PkiEntry.APISERVER_ETCD_CLIENT, CertificateProfile.of(PkiEntry.APISERVER_ETCD_CLIENT,
                "kube-apiserver-etcd-client", List.of(), Usage.CLIENT));

        m.put(PkiEntry.APISERVER, new CertificateProfile(PkiEntry.APISERVER, "kube-apiserver", List.of(),
                Usage.SERVER, apiServerDnsNames(env, apiLoadBalancerName),
                List.of(env.kubernetesServiceAddress(), "127.0.0.1")));
        // Current kubeadm (1.29+) puts the kubelet client in kubeadm:cluster-admins instead of system:masters.
        m.put(PkiEntry.APISERVER_KUBELET_CLIENT, CertificateProfile.of(PkiEntry.APISERVER_KUBELET_CLIENT,
                "kube-apiserver-kubelet-client", List.of(CLUSTER_ADMINS_GROUP), Usage.CLIENT));
        m.put(PkiEntry.FRONT_PROXY_CLIENT, CertificateProfile.of(PkiEntry.FRONT_PROXY_CLIENT, "front-proxy-client",
                List.of(), Usage.CLIENT));
        m.put(PkiEntry.CONTROLLER_MANAGER, CertificateProfile.of(PkiEntry.CONTROLLER_MANAGER,
                "system:kube-controller-manager", List.of(), Usage.CLIENT));
        m.put(PkiEntry.SCHEDULER, CertificateProfile.of(PkiEntry.SCHEDULER, "system:kube-scheduler", List.of(),
                Usage.CLIENT));
        m.put(PkiEntry.ADMIN, CertificateProfile.of(PkiEntry.ADMIN, "kubernetes-admin",
                List.of(CLUSTER_ADMINS_GROUP), Usage.CLIENT));
        m.put(PkiEntry.SUPER_ADMIN, CertificateProfile.of(PkiEntry.SUPER_ADMIN, "kubernetes-super-admin",
                List.of(SYSTEM_MASTERS_GROUP), Usage.CLIENT));
        return m;
    }

    static List<String> apiServerDnsNames(Environment env, Optional<String> apiLoadBalancerName) {
        String clusterDomain = env.clusterDomain();
        List<String> dns = new ArrayList<>(List.of("kubernetes", "kubernetes.default", "kubernetes.default.svc",
                "kubernetes.default.svc." + clusterDomain, env.apiHostname(), env.apiInternalHostname(), "localhost"));
        apiLoadBalancerName.filter(n -> !n.isBlank() && !dns.contains(n)).ifPresent(dns::add);
        return dns;
    }
}
