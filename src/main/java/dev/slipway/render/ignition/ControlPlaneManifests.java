package dev.slipway.render.ignition;

import dev.slipway.spec.Environment;
import dev.slipway.spec.OsFamily;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The control plane as static Pods (etcd, kube-apiserver, kube-controller-manager, kube-scheduler), kubeadm's layout:
 * PKI under {@code /etc/kubernetes/pki}, kubeconfigs under {@code /etc/kubernetes}. Every controller boots from the
 * same config, so node-specific values are placeholders ({@code @NODE_IP@}, {@code @ETCD_NAME@},
 * {@code @ETCD_HOSTNAME@}, {@code @ETCD_INITIAL_CLUSTER_STATE@}) that the {@code static-pods} unit fills in at boot.
 */
final class ControlPlaneManifests {
    static final String PKI = "/etc/kubernetes/pki";

    private ControlPlaneManifests() {
    }

    /** File name (in {@code /etc/kubernetes/static-pod-templates/}) to manifest YAML, in name order. */
    static Map<String, String> render(Environment env, String kubernetesVersion, String etcdImage) {
        Map<String, String> out = new TreeMap<>();
        out.put("etcd.yaml", KubeYaml.print(etcd(env, etcdImage)));
        out.put("kube-apiserver.yaml", KubeYaml.print(apiServer(env, kubernetesVersion)));
        out.put("kube-controller-manager.yaml", KubeYaml.print(controllerManager(env, kubernetesVersion)));
        out.put("kube-scheduler.yaml", KubeYaml.print(scheduler(kubernetesVersion)));
        return out;
    }

    static Pod etcd(Environment env, String image) {
        String initialCluster = env.etcdHostnames().stream()
                .map(h -> h.substring(0, h.indexOf('.')) + "=https://" + h + ":2380")
                .collect(Collectors.joining(","));
        Map<String, String> flags = new TreeMap<>();
        flags.put("name", "@ETCD_NAME@");
        flags.put("data-dir", "/var/lib/etcd");
        flags.put("advertise-client-urls", "https://@ETCD_HOSTNAME@:2379");
        flags.put("listen-client-urls", "https://127.0.0.1:2379,https://@NODE_IP@:2379");
        flags.put("listen-peer-urls", "https://@NODE_IP@:2380");
        // Also on the node IP, for Prometheus on workers (security.tf admits the nodes only): read-only metrics.
        flags.put("listen-metrics-urls", "http://127.0.0.1:2381,http://@NODE_IP@:2381");
        flags.put("initial-advertise-peer-urls", "https://@ETCD_HOSTNAME@:2380");
        flags.put("initial-cluster", initialCluster);
        // "new" only for the first boot of a fresh cluster; "existing" for a replacement that Slipway added as a
        // member (slipway rotate --controllers). The static-pods script decides at boot (SystemdUnits).
        flags.put("initial-cluster-state", "@ETCD_INITIAL_CLUSTER_STATE@");
        flags.put("initial-cluster-token", env.clusterName());
        flags.put("cert-file", PKI + "/etcd/server.crt");
        flags.put("key-file", PKI + "/etcd/server.key");
        flags.put("trusted-ca-file", PKI + "/etcd/ca.crt");
        flags.put("client-cert-auth", "true");
        flags.put("peer-cert-file", PKI + "/etcd/peer.crt");
        flags.put("peer-key-file", PKI + "/etcd/peer.key");
        flags.put("peer-trusted-ca-file", PKI + "/etcd/ca.crt");
        flags.put("peer-client-cert-auth", "true");
        flags.put("snapshot-count", "10000");
        Container c = container("etcd", image, "etcd", flags, "100m", "100Mi",
                httpProbe("/livez", 2381, "HTTP", "127.0.0.1"),
                List.of(mount("etcd-data", "/var/lib/etcd", false), mount("etcd-pki", PKI + "/etcd", true)));
        return pod("etcd", c, List.of(hostPath("etcd-data", "/var/lib/etcd", "DirectoryOrCreate"),
                hostPath("etcd-pki", PKI + "/etcd", "Directory")));
    }

    static Pod apiServer(Environment env, String version) {
        String etcdServers = env.etcdHostnames().stream().map(h -> "https://" + h + ":2379")
                .collect(Collectors.joining(","));
        Map<String, String> flags = new TreeMap<>();
        flags.put("advertise-address", "@NODE_IP@");
        flags.put("allow-privileged", "true");
        flags.put("audit-log-maxage", AuditPolicy.MAX_AGE_DAYS);
        flags.put("audit-log-maxbackup", AuditPolicy.MAX_BACKUPS);
        flags.put("audit-log-maxsize", AuditPolicy.MAX_SIZE_MB);
        flags.put("audit-log-path", AuditPolicy.LOG);
        flags.put("audit-policy-file", AuditPolicy.PATH);
        flags.put("authorization-mode", "Node,RBAC");
        flags.put("client-ca-file", PKI + "/ca.crt");
        flags.put("enable-admission-plugins", "NodeRestriction");
        flags.put("enable-bootstrap-token-auth", "true");
        flags.put("encryption-provider-config", SecretsEncryption.PATH);
        flags.put("etcd-cafile", PKI + "/etcd/ca.crt");
        flags.put("etcd-certfile", PKI + "/apiserver-etcd-client.crt");
        flags.put("etcd-keyfile", PKI + "/apiserver-etcd-client.key");
        flags.put("etcd-servers", etcdServers);
        flags.put("kubelet-client-certificate", PKI + "/apiserver-kubelet-client.crt");
        flags.put("kubelet-client-key", PKI + "/apiserver-kubelet-client.key");
        flags.put("kubelet-preferred-address-types", "InternalIP,ExternalIP,Hostname");
        flags.put("proxy-client-cert-file", PKI + "/front-proxy-client.crt");
        flags.put("proxy-client-key-file", PKI + "/front-proxy-client.key");
        flags.put("requestheader-allowed-names", "front-proxy-client");
        flags.put("requestheader-client-ca-file", PKI + "/front-proxy-ca.crt");
        flags.put("requestheader-extra-headers-prefix", "X-Remote-Extra-");
        flags.put("requestheader-group-headers", "X-Remote-Group");
        flags.put("requestheader-username-headers", "X-Remote-User");
        flags.put("secure-port", "6443");
        flags.put("service-account-issuer", env.apiServerUrl());
        flags.put("service-account-key-file", PKI + "/sa.pub");
        flags.put("service-account-signing-key-file", PKI + "/sa.key");
        flags.put("service-cluster-ip-range", env.network().serviceCidr());
        flags.put("tls-cert-file", PKI + "/apiserver.crt");
        flags.put("tls-private-key-file", PKI + "/apiserver.key");
        Container c = container("kube-apiserver", image("kube-apiserver", version), "kube-apiserver", flags,
                "250m", null, httpProbe("/livez", 6443, "HTTPS", "@NODE_IP@"),
                concat(List.of(mount("k8s-pki", PKI, true), mount("audit-policy", AuditPolicy.PATH, true),
                        mount("audit-log", AuditPolicy.LOG_DIR, false)), caCertMounts(env)));
        return pod("kube-apiserver", c, concat(List.of(hostPath("k8s-pki", PKI, "Directory"),
                hostPath("audit-policy", AuditPolicy.PATH, "File"),
                hostPath("audit-log", AuditPolicy.LOG_DIR, "DirectoryOrCreate")), caCertVolumes(env)));
    }

    static Pod controllerManager(Environment env, String version) {
        Map<String, String> flags = new TreeMap<>();
        flags.put("allocate-node-cidrs", "true");
        flags.put("authentication-kubeconfig", "/etc/kubernetes/controller-manager.conf");
        flags.put("authorization-kubeconfig", "/etc/kubernetes/controller-manager.conf");
        // The node IP, so Prometheus on workers can scrape /metrics (HTTPS, authenticated and authorized).
        flags.put("bind-address", "@NODE_IP@");
        flags.put("client-ca-file", PKI + "/ca.crt");
        flags.put("cloud-provider", "external");
        flags.put("cluster-cidr", env.network().podCidr());
        flags.put("cluster-name", env.clusterName());
        // Signs the kubelets' client certificates during TLS bootstrapping.
        flags.put("cluster-signing-cert-file", PKI + "/ca.crt");
        flags.put("cluster-signing-key-file", PKI + "/ca.key");
        flags.put("controllers", "*,bootstrapsigner,tokencleaner");
        flags.put("kubeconfig", "/etc/kubernetes/controller-manager.conf");
        flags.put("leader-elect", "true");
        flags.put("requestheader-client-ca-file", PKI + "/front-proxy-ca.crt");
        flags.put("root-ca-file", PKI + "/ca.crt");
        flags.put("service-account-private-key-file", PKI + "/sa.key");
        flags.put("service-cluster-ip-range", env.network().serviceCidr());
        flags.put("use-service-account-credentials", "true");
        Container c = container("kube-controller-manager", image("kube-controller-manager", version),
                "kube-controller-manager", flags, "200m", null, httpProbe("/healthz", 10257, "HTTPS", "@NODE_IP@"),
                concat(List.of(mount("k8s-pki", PKI, true),
                        mount("kubeconfig", "/etc/kubernetes/controller-manager.conf", true)), caCertMounts(env)));
        return pod("kube-controller-manager", c, concat(List.of(hostPath("k8s-pki", PKI, "Directory"),
                hostPath("kubeconfig", "/etc/kubernetes/controller-manager.conf", "FileOrCreate")),
                caCertVolumes(env)));
    }

    static Pod scheduler(String version) {
        Map<String, String> flags = new TreeMap<>();
        flags.put("authentication-kubeconfig", "/etc/kubernetes/scheduler.conf");
        flags.put("authorization-kubeconfig", "/etc/kubernetes/scheduler.conf");
        flags.put("bind-address", "@NODE_IP@");
        flags.put("kubeconfig", "/etc/kubernetes/scheduler.conf");
        flags.put("leader-elect", "true");
        Container c = container("kube-scheduler", image("kube-scheduler", version), "kube-scheduler", flags, "100m",
                null, httpProbe("/healthz", 10259, "HTTPS", "@NODE_IP@"),
                List.of(mount("kubeconfig", "/etc/kubernetes/scheduler.conf", true)));
        return pod("kube-scheduler", c, List.of(hostPath("kubeconfig", "/etc/kubernetes/scheduler.conf",
                "FileOrCreate")));
    }

    /**
     * The host's CA bundle. On Fedora CoreOS {@code /etc/ssl/certs} holds symlinks into {@code /etc/pki}, which must
     * then be mounted too, or the links dangle inside the container.
     */
    private static List<VolumeMount> caCertMounts(Environment env) {
        List<VolumeMount> out = new ArrayList<>(List.of(mount("ca-certs", "/etc/ssl/certs", true)));
        if (env.os().family() == OsFamily.FEDORA_COREOS) {
            out.add(mount("etc-pki", "/etc/pki", true));
        }
        return out;
    }

    private static List<Volume> caCertVolumes(Environment env) {
        List<Volume> out = new ArrayList<>(List.of(hostPath("ca-certs", "/etc/ssl/certs", "DirectoryOrCreate")));
        if (env.os().family() == OsFamily.FEDORA_COREOS) {
            out.add(hostPath("etc-pki", "/etc/pki", "Directory"));
        }
        return out;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static String image(String component, String version) {
        return "registry.k8s.io/" + component + ":" + version;
    }

    private static Pod pod(String name, Container container, List<Volume> volumes) {
        return new PodBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace("kube-system")
                    .withLabels(new TreeMap<>(Map.of("component", name, "tier", "control-plane")))
                .endMetadata()
                .withNewSpec()
                    .withHostNetwork(true)
                    .withPriorityClassName("system-node-critical")
                    // spc_t (as Typhoon does): on an SELinux-enforcing host (Fedora CoreOS) a container's default
                    // type may not read the host's PKI and kubeconfigs nor write /var/lib/etcd; these Pods hold the
                    // cluster CA key anyway, so confining them more buys nothing. Ignored where SELinux is off.
                    .withNewSecurityContext().withNewSeLinuxOptions().withType("spc_t").endSeLinuxOptions()
                    .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                    .endSecurityContext()
                    .withContainers(container)
                    .withVolumes(volumes)
                .endSpec()
                .build();
    }

    private static Container container(String name, String image, String command, Map<String, String> flags,
            String cpu, String memory, Probe liveness, List<VolumeMount> mounts) {
        List<String> cmd = new ArrayList<>();
        cmd.add(command);
        flags.forEach((k, v) -> cmd.add("--" + k + "=" + v));
        Map<String, Quantity> requests = new TreeMap<>();
        requests.put("cpu", new Quantity(cpu));
        if (memory != null) {
            requests.put("memory", new Quantity(memory));
        }
        return new ContainerBuilder()
                .withName(name)
                .withImage(image)
                .withImagePullPolicy("IfNotPresent")
                .withCommand(cmd)
                .withNewResources().withRequests(requests).endResources()
                .withLivenessProbe(liveness)
                .withStartupProbe(new ProbeBuilder(liveness).withFailureThreshold(24).build())
                .withVolumeMounts(mounts)
                .build();
    }

    private static Probe httpProbe(String path, int port, String scheme, String host) {
        return new ProbeBuilder()
                .withNewHttpGet().withHost(host).withPath(path).withPort(new IntOrString(port)).withScheme(scheme)
                .endHttpGet()
                .withInitialDelaySeconds(10)
                .withPeriodSeconds(10)
                .withTimeoutSeconds(15)
                .withFailureThreshold(8)
                .build();
    }

    private static VolumeMount mount(String name, String path, boolean readOnly) {
        return new VolumeMountBuilder().withName(name).withMountPath(path).withReadOnly(readOnly).build();
    }

    private static Volume hostPath(String name, String path, String type) {
        return new VolumeBuilder().withName(name).withNewHostPath().withPath(path).withType(type).endHostPath()
                .build();
    }
}
