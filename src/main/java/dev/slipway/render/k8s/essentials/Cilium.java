package dev.slipway.render.k8s.essentials;

import dev.slipway.render.RenderInput;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pod network: Cilium, with NetworkPolicy enforcement and as kube-proxy's replacement (Services are load-balanced
 * in eBPF, so there is no kube-proxy DaemonSet). Overlay: VXLAN on UDP {@value #VXLAN_PORT}, the port the security
 * groups open between nodes (Cilium's own default, 8472, would be dropped). Pod addresses come from the spec's pod
 * CIDR in {@code /24} blocks per node.
 *
 * <p>Without kube-proxy nothing routes the {@code kubernetes} Service before Cilium runs, so the agent and operator
 * reach the API server by its name ({@code api.ENV.DOMAIN}, the load balancer). L7 policy (Envoy) and Hubble are off:
 * the platform needs L3/L4 NetworkPolicy only, and both would add a DaemonSet and certificates.
 */
public final class Cilium implements ClusterComponent {
    static final String NAME = "cilium";
    static final String NAMESPACE = "kube-system";
    public static final int VXLAN_PORT = 4789;
    /** The agent's health endpoint (upstream's healthPort), which its probes ask. */
    static final int HEALTH_PORT = 9879;
    private static final Map<String, String> AGENT = Map.of("k8s-app", "cilium");
    private static final Map<String, String> OPERATOR = Map.of("name", "cilium-operator");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration readyTimeout() {
        return Duration.ofMinutes(10);
    }

    @Override
    public List<HasMetadata> objects(RenderInput input) {
        Environment env = input.environment();
        String agentImage = input.versions().get("essentials.cilium.image");
        String operatorImage = input.versions().get("essentials.cilium.operator.image");
        return List.of(
                Rbac.serviceAccount(NAMESPACE, "cilium"),
                Rbac.serviceAccount(NAMESPACE, "cilium-operator"),
                agentRole(), operatorRole(),
                Rbac.clusterRoleBinding("cilium", "cilium", NAMESPACE, "cilium"),
                Rbac.clusterRoleBinding("cilium-operator", "cilium-operator", NAMESPACE, "cilium-operator"),
                new ConfigMapBuilder().withNewMetadata().withName("cilium-config").withNamespace(NAMESPACE)
                        .endMetadata().withData(config(env)).build(),
                agent(env, agentImage),
                operator(operatorImage, env.controllers().count() > 1 ? 2 : 1),
                Pods.oneAtATime(NAMESPACE, "cilium-operator", OPERATOR));
    }

    /** The agent's configuration (cilium-agent reads one file per key from the mounted ConfigMap). */
    static Map<String, String> config(Environment env) {
        Map<String, String> c = new TreeMap<>();
        c.put("cluster-name", env.clusterName());
        c.put("identity-allocation-mode", "crd");
        c.put("enable-ipv4", "true");
        c.put("enable-ipv6", "false");
        c.put("enable-policy", "default");
        c.put("enable-k8s-networkpolicy", "true");
        c.put("routing-mode", "tunnel");
        c.put("tunnel-protocol", "vxlan");
        c.put("tunnel-port", String.valueOf(VXLAN_PORT));
        c.put("ipam", "cluster-pool");
        c.put("cluster-pool-ipv4-cidr", env.network().podCidr());
        c.put("cluster-pool-ipv4-mask-size", "24");
        c.put("kube-proxy-replacement", "true");
        c.put("kube-proxy-replacement-healthz-bind-address", ":10256");
        c.put("enable-ipv4-masquerade", "true");
        c.put("enable-bpf-masquerade", "true");
        c.put("bpf-lb-sock", "true");
        c.put("enable-node-port", "true");
        c.put("enable-host-port", "true");
        c.put("enable-external-ips", "true");
        c.put("enable-session-affinity", "true");
        c.put("enable-l7-proxy", "false");
        c.put("external-envoy-proxy", "false");
        c.put("enable-hubble", "false");
        // Node-to-node health probes need TCP 4240 and ICMP between nodes, which the security groups do not open.
        c.put("enable-health-checking", "false");
        c.put("enable-endpoint-health-checking", "false");
        c.put("agent-health-port", String.valueOf(HEALTH_PORT));
        c.put("operator-api-serve-addr", "127.0.0.1:9234");
        c.put("enable-metrics", "true");
        c.put("prometheus-serve-addr", ":9962");
        c.put("operator-prometheus-serve-addr", ":9963");
        c.put("cni-exclusive", "true");
        c.put("write-cni-conf-when-ready", "/host/etc/cni/net.d/05-cilium.conflist");
        c.put("preallocate-bpf-maps", "false");
        return c;
    }

    /**
     * Where the agent reaches the API server without kube-proxy: its internal name (the VPC-internal load balancer),
     * port 6443, as the kubelets do. The operator runs on
     * controllers with the host network and uses the local API server ({@link Placement#LOCAL_API_SERVER}).
     */
    private static List<EnvVar> apiServer(String host) {
        return List.of(
                Pods.env("KUBERNETES_SERVICE_HOST", host),
                Pods.env("KUBERNETES_SERVICE_PORT", "6443"),
                Pods.fieldRef("K8S_NODE_NAME", "spec.nodeName"),
                Pods.fieldRef("CILIUM_K8S_NAMESPACE", "metadata.namespace"));
    }

    /** Upstream's probe request: {@code /healthz} on 127.0.0.1, brief; liveness without requiring the API server. */
    private static io.fabric8.kubernetes.api.model.HTTPGetAction health(boolean liveness) {
        var get = new io.fabric8.kubernetes.api.model.HTTPGetActionBuilder().withHost("127.0.0.1")
                .withPath("/healthz").withPort(new io.fabric8.kubernetes.api.model.IntOrString("health"))
                .withScheme("HTTP").addNewHttpHeader("brief", "true");
        if (liveness) {
            get.addNewHttpHeader("require-k8s-connectivity", "false");
        }
        return get.build();
    }

    private static HasMetadata agent(Environment env, String image) {
        Container installCni = new ContainerBuilder()
                .withName("install-cni-binaries").withImage(image).withCommand("/install-plugin.sh")
                .withResources(Pods.requests("10m", "10Mi"))
                .withSecurityContext(Pods.privileged())
                .withVolumeMounts(Pods.mount("cni-bin-dir", "/host/opt/cni/bin", false))
                .build();
        Container mountCgroup = new ContainerBuilder()
                .withName("mount-cgroup").withImage(image)
                .withCommand("sh", "-ec", "cp /usr/bin/cilium-mount /hostbin/cilium-mount && nsenter"
                        + " --cgroup=/hostproc/1/ns/cgroup --mount=/hostproc/1/ns/mnt \"${BIN_PATH}/cilium-mount\""
                        + " $CGROUP_ROOT; rm /hostbin/cilium-mount")
                .withEnv(Pods.env("CGROUP_ROOT", "/run/cilium/cgroupv2"), Pods.env("BIN_PATH", "/opt/cni/bin"))
                .withResources(Pods.requests("10m", "10Mi"))
                .withSecurityContext(Pods.privileged())
                .withVolumeMounts(Pods.mount("hostproc", "/hostproc", false),
                        Pods.mount("cni-bin-dir", "/hostbin", false))
                .build();
        // As upstream's chart (sysctlfix.enabled, the default): cilium-sysctlfix writes a sysctl.d file that keeps
        // systemd-sysctl from setting rp_filter (and the like) back on Cilium's interfaces, which would drop traffic.
        Container sysctlOverwrites = new ContainerBuilder()
                .withName("apply-sysctl-overwrites").withImage(image)
                .withCommand("bash", "-ec", "cp /usr/bin/cilium-sysctlfix /hostbin/cilium-sysctlfix;"
                        + " nsenter --mount=/hostproc/1/ns/mnt \"${BIN_PATH}/cilium-sysctlfix\";"
                        + " rm /hostbin/cilium-sysctlfix")
                .withEnv(Pods.env("BIN_PATH", "/opt/cni/bin"))
                .withResources(Pods.requests("10m", "10Mi"))
                .withSecurityContext(Pods.privileged())
                .withVolumeMounts(Pods.mount("hostproc", "/hostproc", false),
                        Pods.mount("cni-bin-dir", "/hostbin", false))
                .build();
        Container cleanState = new ContainerBuilder()
                .withName("clean-cilium-state").withImage(image).withCommand("/init-container.sh")
                .withResources(Pods.requests("10m", "10Mi"))
                .withSecurityContext(Pods.privileged())
                .withVolumeMounts(Pods.mount("sys-fs-bpf", "/sys/fs/bpf", false),
                        Pods.mount("var-run-cilium", "/var/run/cilium", false),
                        new io.fabric8.kubernetes.api.model.VolumeMountBuilder().withName("cilium-cgroup")
                                .withMountPath("/run/cilium/cgroupv2").withMountPropagation("HostToContainer")
                                .build())
                .build();
        Container agent = new ContainerBuilder()
                .withName("cilium-agent").withImage(image)
                .withCommand("cilium-agent").withArgs("--config-dir=/tmp/cilium/config-map")
                .withEnv(apiServer(env.apiInternalHostname()))
                .withResources(Pods.requests("100m", "256Mi"))
                .withSecurityContext(Pods.privileged())
                .withNewLifecycle().withNewPreStop().withNewExec().withCommand("/cni-uninstall.sh").endExec()
                .endPreStop().endLifecycle()
                .withPorts(new ContainerPortBuilder().withName("health").withContainerPort(HEALTH_PORT)
                        .withHostPort(HEALTH_PORT).withProtocol("TCP").build())
                // Upstream's probes (keepDeprecatedProbes: false): HTTP /healthz on the health port, not an exec
                // of cilium-dbg in the container every few seconds. Thresholds as upstream's values.yaml.
                .withStartupProbe(new ProbeBuilder().withHttpGet(health(false)).withPeriodSeconds(2)
                        .withFailureThreshold(300).withSuccessThreshold(1).withInitialDelaySeconds(5).build())
                .withLivenessProbe(new ProbeBuilder().withHttpGet(health(true)).withPeriodSeconds(30)
                        .withSuccessThreshold(1).withFailureThreshold(10).withTimeoutSeconds(5).build())
                .withReadinessProbe(new ProbeBuilder().withHttpGet(health(false)).withPeriodSeconds(30)
                        .withSuccessThreshold(1).withFailureThreshold(3).withTimeoutSeconds(5).build())
                .withVolumeMounts(
                        Pods.mount("lib-modules", "/lib/modules", true),
                        Pods.mount("xtables-lock", "/run/xtables.lock", false),
                        Pods.mount("var-run-cilium", "/var/run/cilium", false),
                        // The pods' pinned network namespaces: socket load-balancing terminates the sockets still
                        // connected to a deleted backend in each of them (pkg/loadbalancer/reconciler/termination.go).
                        new io.fabric8.kubernetes.api.model.VolumeMountBuilder().withName("cilium-netns")
                                .withMountPath("/var/run/cilium/netns").withMountPropagation("HostToContainer").build(),
                        new io.fabric8.kubernetes.api.model.VolumeMountBuilder().withName("sys-fs-bpf")
                                .withMountPath("/sys/fs/bpf").withMountPropagation("Bidirectional").build(),
                        Pods.mount("config", "/tmp/cilium/config-map", true),
                        Pods.mount("cni-conf-dir", "/host/etc/cni/net.d", false))
                .build();
        return Workloads.daemonSet(NAMESPACE, "cilium", AGENT,
                Workloads.pod("system-node-critical", "cilium", Placement.everyNode())
                        .withHostNetwork(true)
                        .withEnableServiceLinks(false)
                        .withTerminationGracePeriodSeconds(1L)
                        .withInitContainers(mountCgroup, sysctlOverwrites, installCni, cleanState)
                        .withContainers(agent)
                        .withVolumes(
                                Pods.hostPath("lib-modules", "/lib/modules", null),
                                Pods.hostPath("xtables-lock", "/run/xtables.lock", "FileOrCreate"),
                                Pods.hostPath("var-run-cilium", "/var/run/cilium", "DirectoryOrCreate"),
                                Pods.hostPath("cilium-netns", "/var/run/netns", "DirectoryOrCreate"),
                                Pods.hostPath("sys-fs-bpf", "/sys/fs/bpf", "DirectoryOrCreate"),
                                Pods.hostPath("hostproc", "/proc", "Directory"),
                                Pods.hostPath("cilium-cgroup", "/run/cilium/cgroupv2", "DirectoryOrCreate"),
                                Pods.hostPath("cni-bin-dir", "/opt/cni/bin", "DirectoryOrCreate"),
                                Pods.hostPath("cni-conf-dir", "/etc/cni/net.d", "DirectoryOrCreate"),
                                Pods.configMap("config", "cilium-config"))
                        .build());
    }

    /** On controllers: it registers Cilium's CRDs and hands out pod CIDRs, so nodes need it before they are Ready. */
    private static HasMetadata operator(String image, int replicas) {
        Container c = new ContainerBuilder()
                .withName("cilium-operator").withImage(image)
                .withCommand("cilium-operator-generic").withArgs("--config-dir=/tmp/cilium/config-map")
                .withEnv(apiServer(Placement.LOCAL_API_SERVER))
                .withResources(Pods.requests("50m", "128Mi"))
                .withLivenessProbe(new ProbeBuilder().withNewHttpGet().withHost("127.0.0.1").withPath("/healthz")
                        .withPort(new io.fabric8.kubernetes.api.model.IntOrString(9234)).withScheme("HTTP")
                        .endHttpGet().withInitialDelaySeconds(60).withPeriodSeconds(10).withTimeoutSeconds(3).build())
                .withVolumeMounts(Pods.mount("config", "/tmp/cilium/config-map", true))
                .build();
        return Workloads.deployment(NAMESPACE, "cilium-operator", OPERATOR, replicas,
                Workloads.pod("system-cluster-critical", "cilium-operator", Placement.controllersBeforeReady())
                        .withHostNetwork(true)
                        .withNodeSelector(Placement.controllers())
                        .withAffinity(Workloads.onePerNode(OPERATOR))
                        .withContainers(c)
                        .withVolumes(Pods.configMap("config", "cilium-config"))
                        .build());
    }

    /**
     * The agent's rules as upstream's chart renders them with Slipway's values (install/kubernetes/cilium/templates/
     * cilium-agent/clusterrole.yaml, v1.19.8): read what it watches, write only the Cilium objects it owns, per verb.
     * No Secrets (no L7 proxy, no Hubble TLS) and no {@code nodes/status} (annotateK8sNode is off).
     */
    private static HasMetadata agentRole() {
        return Rbac.clusterRole("cilium",
                Rbac.rule("networking.k8s.io", "networkpolicies", "get", "list", "watch"),
                Rbac.rule("discovery.k8s.io", "endpointslices", "get", "list", "watch"),
                Rbac.rule("", List.of("namespaces", "services", "pods", "endpoints", "nodes"), "get", "list", "watch"),
                Rbac.rule("apiextensions.k8s.io", "customresourcedefinitions", "list", "watch", "get"),
                Rbac.rule("cilium.io", AGENT_WATCHES, "list", "watch"),
                Rbac.rule("cilium.io", List.of("ciliumidentities", "ciliumendpoints", "ciliumnodes"), "create"),
                Rbac.rule("cilium.io", "ciliumidentities", "update"),
                Rbac.rule("cilium.io", "ciliumendpoints", "delete", "get"),
                Rbac.rule("cilium.io", List.of("ciliumnodes", "ciliumnodes/status"), "get", "update"),
                Rbac.rule("cilium.io", List.of("ciliumendpoints/status", "ciliumendpoints",
                        "ciliuml2announcementpolicies/status", "ciliumbgpnodeconfigs/status"), "patch"));
    }

    /** The Cilium resources the agent lists and watches (upstream's agent ClusterRole, v1.19.8). */
    private static final List<String> AGENT_WATCHES = List.of("ciliumloadbalancerippools",
            "ciliumbgppeeringpolicies", "ciliumbgpnodeconfigs", "ciliumbgpadvertisements", "ciliumbgppeerconfigs",
            "ciliumclusterwideenvoyconfigs", "ciliumclusterwidenetworkpolicies", "ciliumegressgatewaypolicies",
            "ciliumendpoints", "ciliumendpointslices", "ciliumenvoyconfigs", "ciliumidentities",
            "ciliumlocalredirectpolicies", "ciliumnetworkpolicies", "ciliumnodes", "ciliumnodeconfigs",
            "ciliumcidrgroups", "ciliuml2announcementpolicies", "ciliumpodippools");

    /**
     * The operator's rules as upstream's chart renders them with Slipway's values (install/kubernetes/cilium/templates/
     * cilium-operator/clusterrole.yaml; see docs/components.md for the copy read): the chart's defaults for what the
     * operator does when cilium-config leaves it unset (it removes node taints, sets NetworkUnavailable, restarts
     * unmanaged DNS Pods, collects CiliumNodes and CiliumEndpoints, leaves identities to the agents), and ingress,
     * Gateway API, BGP, secret sync and cluster mesh off: so no Secrets, no writes to Services or EndpointSlices.
     */
    private static HasMetadata operatorRole() {
        return Rbac.clusterRole("cilium-operator",
                Rbac.rule("", "pods", "get", "list", "watch", "delete"),
                Rbac.named("", "configmaps", List.of("cilium-config"), "patch"),
                Rbac.rule("", "nodes", "list", "watch"),
                Rbac.rule("", List.of("nodes", "nodes/status"), "patch"),
                Rbac.rule("discovery.k8s.io", "endpointslices", "get", "list", "watch"),
                Rbac.rule("", "services/status", "update", "patch"),
                Rbac.rule("", "namespaces", "get", "list", "watch"),
                Rbac.rule("", "services", "get", "list", "watch"),
                Rbac.rule("cilium.io", List.of("ciliumnetworkpolicies", "ciliumclusterwidenetworkpolicies"),
                        "create", "update", "deletecollection", "patch", "get", "list", "watch"),
                Rbac.rule("cilium.io", List.of("ciliumnetworkpolicies/status",
                        "ciliumclusterwidenetworkpolicies/status"), "patch", "update"),
                Rbac.rule("cilium.io", List.of("ciliumendpoints", "ciliumidentities"), "delete", "list", "watch"),
                Rbac.rule("cilium.io", "ciliumidentities", "update"),
                Rbac.rule("cilium.io", "ciliumnodes", "create", "update", "get", "list", "watch", "delete"),
                Rbac.rule("cilium.io", "ciliumnodes/status", "update"),
                Rbac.rule("cilium.io", List.of("ciliumendpointslices", "ciliumenvoyconfigs", "ciliumbgppeerconfigs",
                        "ciliumbgpadvertisements", "ciliumbgpnodeconfigs"),
                        "create", "update", "get", "list", "watch", "delete", "patch"),
                Rbac.rule("cilium.io", List.of("ciliumbgpclusterconfigs/status", "ciliumbgppeerconfigs/status"),
                        "update"),
                Rbac.rule("apiextensions.k8s.io", "customresourcedefinitions", "create", "get", "list", "watch"),
                Rbac.named("apiextensions.k8s.io", "customresourcedefinitions", OPERATOR_CRDS, "update"),
                Rbac.rule("cilium.io", List.of("ciliumloadbalancerippools", "ciliumpodippools",
                        "ciliumbgpclusterconfigs", "ciliumbgpnodeconfigoverrides", "ciliumbgppeerconfigs"),
                        "get", "list", "watch"),
                Rbac.rule("cilium.io", "ciliumpodippools", "create"),
                Rbac.rule("cilium.io", "ciliumloadbalancerippools/status", "patch"),
                Rbac.rule("coordination.k8s.io", "leases", "create", "get", "update"),
                Rbac.rule("cilium.io", "ciliumendpointslices", "deletecollection"));
    }

    /** The CRDs the operator registers and may update (upstream's operator ClusterRole, resourceNames). */
    private static final List<String> OPERATOR_CRDS = List.of("ciliumloadbalancerippools.cilium.io",
            "ciliumbgpclusterconfigs.cilium.io", "ciliumbgppeerconfigs.cilium.io",
            "ciliumbgpadvertisements.cilium.io", "ciliumbgpnodeconfigs.cilium.io",
            "ciliumbgpnodeconfigoverrides.cilium.io", "ciliumclusterwideenvoyconfigs.cilium.io",
            "ciliumclusterwidenetworkpolicies.cilium.io", "ciliumegressgatewaypolicies.cilium.io",
            "ciliumendpoints.cilium.io", "ciliumendpointslices.cilium.io", "ciliumenvoyconfigs.cilium.io",
            "ciliumidentities.cilium.io", "ciliumlocalredirectpolicies.cilium.io",
            "ciliumnetworkpolicies.cilium.io", "ciliumnodes.cilium.io", "ciliumnodeconfigs.cilium.io",
            "ciliumcidrgroups.cilium.io", "ciliuml2announcementpolicies.cilium.io", "ciliumpodippools.cilium.io",
            "ciliumgatewayclassconfigs.cilium.io");
}
