package dev.slipway.render.k8s.essentials;

import dev.slipway.render.RenderInput;
import dev.slipway.render.k8s.ClusterComponent;
import io.fabric8.kubernetes.api.model.APIServiceBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.List;
import java.util.Map;

/**
 * metrics-server: the resource metrics API ({@code kubectl top}, HorizontalPodAutoscalers). It verifies every kubelet
 * it scrapes against the cluster CA (the {@code kube-root-ca.crt} ConfigMap every namespace has), which signs the
 * kubelets' serving certificates once {@link KubeletServingCertApprover} has approved them; there is no
 * {@code --kubelet-insecure-tls}.
 */
public final class MetricsServer implements ClusterComponent {
    static final String NAME = "metrics-server";
    static final String NAMESPACE = "kube-system";
    static final String CLUSTER_CA = "/etc/kubernetes/cluster-ca/ca.crt";
    private static final Map<String, String> SELECTOR = Map.of("k8s-app", NAME);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<HasMetadata> objects(RenderInput input) {
        return List.of(
                Rbac.serviceAccount(NAMESPACE, NAME),
                new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder(Rbac.clusterRole(
                        "system:aggregated-metrics-reader",
                        Rbac.rule("metrics.k8s.io", List.of("pods", "nodes"), "get", "list", "watch")))
                        .editMetadata().withLabels(new java.util.TreeMap<>(Map.of(
                                "rbac.authorization.k8s.io/aggregate-to-admin", "true",
                                "rbac.authorization.k8s.io/aggregate-to-edit", "true",
                                "rbac.authorization.k8s.io/aggregate-to-view", "true"))).endMetadata().build(),
                Rbac.clusterRole("system:metrics-server",
                        Rbac.rule("", "nodes/metrics", "get"),
                        Rbac.rule("", List.of("pods", "nodes"), "get", "list", "watch")),
                Rbac.clusterRoleBinding("system:metrics-server", "system:metrics-server", NAMESPACE, NAME),
                Rbac.clusterRoleBinding("metrics-server:system:auth-delegator", "system:auth-delegator", NAMESPACE,
                        NAME),
                Rbac.roleBinding(NAMESPACE, "metrics-server-auth-reader", "Role",
                        "extension-apiserver-authentication-reader", NAMESPACE, NAME),
                deployment(input.versions().get("essentials.metricsServer.image")),
                Pods.oneAtATime(NAMESPACE, NAME, SELECTOR),
                new ServiceBuilder()
                        .withNewMetadata().withName(NAME).withNamespace(NAMESPACE).endMetadata()
                        .withNewSpec().withSelector(SELECTOR).withPorts(new ServicePortBuilder().withName("https")
                                .withPort(443).withProtocol("TCP").withTargetPort(new IntOrString("https")).build())
                        .endSpec().build(),
                new APIServiceBuilder()
                        .withNewMetadata().withName("v1beta1.metrics.k8s.io").endMetadata()
                        .withNewSpec()
                            .withGroup("metrics.k8s.io").withVersion("v1beta1")
                            .withGroupPriorityMinimum(100).withVersionPriority(100)
                            // The API server's proxy to aggregated APIs: metrics-server's own certificate is
                            // self-generated; what matters here is kubelet verification (above).
                            .withInsecureSkipTLSVerify(true)
                            .withNewService().withName(NAME).withNamespace(NAMESPACE).withPort(443).endService()
                        .endSpec()
                        .build());
    }

    private static HasMetadata deployment(String image) {
        var container = new ContainerBuilder()
                .withName("metrics-server").withImage(image)
                .withArgs("--cert-dir=/tmp", "--secure-port=10250",
                        "--kubelet-preferred-address-types=InternalIP",
                        "--kubelet-use-node-status-port",
                        "--kubelet-certificate-authority=" + CLUSTER_CA,
                        "--metric-resolution=15s")
                .withPorts(new ContainerPortBuilder().withName("https").withContainerPort(10250).withProtocol("TCP")
                        .build())
                .withResources(Pods.requests("100m", "200Mi"))
                .withLivenessProbe(Pods.httpProbe("/livez", "https", "HTTPS", 10, 3))
                .withReadinessProbe(Pods.httpProbe("/readyz", "https", "HTTPS", 10, 3))
                .withSecurityContext(new io.fabric8.kubernetes.api.model.SecurityContextBuilder(Pods.restricted())
                        .withRunAsUser(1000L).build())
                .withVolumeMounts(Pods.mount("tmp-dir", "/tmp", false),
                        Pods.mount("cluster-ca", "/etc/kubernetes/cluster-ca", true))
                .build();
        return Workloads.deployment(NAMESPACE, NAME, SELECTOR, 1,
                Workloads.pod("system-cluster-critical", NAME, Placement.controllersToo())
                        .withContainers(container)
                        .withVolumes(Pods.emptyDir("tmp-dir"), Pods.configMap("cluster-ca", "kube-root-ca.crt"))
                        .build());
    }
}
