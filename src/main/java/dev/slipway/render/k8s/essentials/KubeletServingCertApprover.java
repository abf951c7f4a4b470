package dev.slipway.render.k8s.essentials;

import dev.slipway.render.RenderInput;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;

/**
 * Approves the kubelets' serving-certificate requests ({@code serverTLSBootstrap}), after checking them: the
 * controller manager approves client certificates only, and approving every serving CSR blindly would let any node
 * credential obtain a certificate for any name. postfinance's kubelet-csr-approver approves a
 * {@code kubernetes.io/kubelet-serving} CSR only when it comes from {@code system:node:NAME}, its one DNS name is
 * {@code NAME}, that name has the shape of an EC2 private DNS name in the environment's region and resolves to the
 * requested addresses, and every IP address lies in the VPC.
 */
public final class KubeletServingCertApprover implements ClusterComponent {
    static final String NAME = "kubelet-csr-approver";
    static final String NAMESPACE = "kube-system";
    private static final Map<String, String> SELECTOR = Map.of("app", NAME);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<HasMetadata> objects(RenderInput input) {
        Environment env = input.environment();
        return List.of(
                Rbac.serviceAccount(NAMESPACE, NAME),
                Rbac.clusterRole(NAME,
                        Rbac.rule("certificates.k8s.io", "certificatesigningrequests", "get", "list", "watch"),
                        Rbac.rule("certificates.k8s.io", "certificatesigningrequests/approval", "update"),
                        Rbac.named("certificates.k8s.io", "signers", List.of("kubernetes.io/kubelet-serving"),
                                "approve"),
                        Rbac.rule("", "events", "create", "patch"),
                        Rbac.rule("coordination.k8s.io", "leases", "create", "get", "update")),
                Rbac.clusterRoleBinding(NAME, NAME, NAMESPACE, NAME),
                deployment(env, input.versions().get("essentials.kubeletCsrApprover.image")),
                Pods.oneAtATime(NAMESPACE, NAME, SELECTOR));
    }

    /** Node names are EC2 private DNS names ({@code ip-10-0-1-2.eu-west-1.compute.internal}; us-east-1 differs). */
    static String nodeNamePattern(String region) {
        String domain = region.equals("us-east-1") ? "ec2\\.internal" : region.replace(".", "\\.")
                + "\\.compute\\.internal";
        return "^ip-([0-9]{1,3}-){3}[0-9]{1,3}\\." + domain + "$";
    }

    private static HasMetadata deployment(Environment env, String image) {
        var container = new ContainerBuilder()
                .withName("approver").withImage(image)
                .withArgs("-metrics-bind-address", ":8080", "-health-probe-bind-address", ":8081",
                        "-leader-election")
                .withEnv(Pods.env("PROVIDER_REGEX", nodeNamePattern(env.aws().region())),
                        Pods.env("PROVIDER_IP_PREFIXES", env.network().vpcRange()),
                        Pods.env("MAX_EXPIRATION_SEC", String.valueOf(367 * 24 * 3600)))
                .withResources(Pods.requests("10m", "32Mi"))
                .withLivenessProbe(Pods.httpProbe("/healthz", "8081", "HTTP", 10, 3))
                .withSecurityContext(Pods.restricted())
                .build();
        return Workloads.deployment(NAMESPACE, NAME, SELECTOR, 1,
                Workloads.pod("system-cluster-critical", NAME, Placement.controllersToo())
                        .withNewSecurityContext().withRunAsUser(65532L).withRunAsGroup(65532L).endSecurityContext()
                        .withContainers(container)
                        .build());
    }
}
