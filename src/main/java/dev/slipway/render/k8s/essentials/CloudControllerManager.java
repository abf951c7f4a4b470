package dev.slipway.render.k8s.essentials;

import dev.slipway.render.RenderInput;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;

/**
 * The AWS cloud controller manager. Kubelets run with {@code --cloud-provider=external}, so a node joins tainted
 * {@code uninitialized}; this controller fills in its provider ID, zone, instance type and addresses and lifts the
 * taint. It also creates the AWS load balancers of {@code LoadBalancer} Services (an NLB with the
 * {@code service.beta.kubernetes.io/aws-load-balancer-type: nlb} annotation) and tags them
 * {@code kubernetes.io/cluster/CLUSTER=owned} (the cloud config names the cluster), so {@code down} finds them.
 *
 * <p>AWS credentials: the controller instance role (Terraform {@code iam.tf}), read from instance metadata. Pods on
 * the pod network cannot reach the metadata service (hop limit 1), so it runs with the host network, on controllers
 * only, tolerating the taints a controller has before it is initialised.
 */
public final class CloudControllerManager implements ClusterComponent {
    static final String NAME = "aws-cloud-controller-manager";
    static final String NAMESPACE = "kube-system";
    static final String ACCOUNT = "cloud-controller-manager";
    private static final Map<String, String> SELECTOR = Map.of("k8s-app", NAME);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<HasMetadata> objects(RenderInput input) {
        Environment env = input.environment();
        return List.of(
                Rbac.serviceAccount(NAMESPACE, ACCOUNT),
                Rbac.clusterRole("system:cloud-controller-manager",
                        Rbac.rule("", "events", "create", "patch", "update"),
                        Rbac.rule("", "nodes", "*"),
                        Rbac.rule("", "nodes/status", "patch"),
                        Rbac.rule("", "services", "list", "patch", "update", "watch"),
                        Rbac.rule("", "services/status", "list", "patch", "update", "watch"),
                        Rbac.rule("", "persistentvolumes", "get", "list", "update", "watch"),
                        Rbac.rule("", "endpoints", "create", "get", "list", "watch", "update"),
                        Rbac.rule("discovery.k8s.io", "endpointslices", "get", "list", "watch"),
                        Rbac.rule("coordination.k8s.io", "leases", "create", "get", "list", "watch", "update"),
                        // Delegated authentication and authorization of its metrics and health endpoints, as
                        // upstream's chart grants (charts/aws-cloud-controller-manager/values.yaml, v1.36.1).
                        Rbac.rule("authentication.k8s.io", "tokenreviews", "create"),
                        Rbac.rule("authorization.k8s.io", "subjectaccessreviews", "create")),
                Rbac.clusterRoleBinding("system:cloud-controller-manager", "system:cloud-controller-manager",
                        NAMESPACE, ACCOUNT),
                Rbac.roleBinding(NAMESPACE, "cloud-controller-manager:apiserver-authentication-reader", "Role",
                        "extension-apiserver-authentication-reader", NAMESPACE, ACCOUNT),
                new ConfigMapBuilder().withNewMetadata().withName("aws-cloud-config").withNamespace(NAMESPACE)
                        .endMetadata().withData(Map.of("cloud.conf", cloudConfig(env))).build(),
                daemonSet(env, input.versions().get("essentials.cloudControllerManager.image")),
                Pods.oneAtATime(NAMESPACE, NAME, SELECTOR));
    }

    /** The cluster ID the controller tags load balancers and security groups with: {@code kubernetes.io/cluster/ID}. */
    static String cloudConfig(Environment env) {
        return """
                [Global]
                KubernetesClusterID = %s
                """.formatted(env.clusterName());
    }

    private static HasMetadata daemonSet(Environment env, String image) {
        var container = new ContainerBuilder()
                .withName("aws-cloud-controller-manager").withImage(image)
                .withArgs("--cloud-provider=aws",
                        "--cloud-config=/etc/kubernetes/cloud/cloud.conf",
                        "--cluster-name=" + env.clusterName(),
                        // Pod routes are Cilium's (VXLAN), not VPC route tables.
                        "--configure-cloud-routes=false",
                        // One identity for all its controllers: the ClusterRole below grants what they need,
                        // and per-controller service accounts would need roles of their own.
                        "--use-service-account-credentials=false",
                        "--leader-elect=true",
                        "--v=2")
                .withEnv(Pods.env("KUBERNETES_SERVICE_HOST", Placement.LOCAL_API_SERVER),
                        Pods.env("KUBERNETES_SERVICE_PORT", "6443"),
                        Pods.env("AWS_REGION", env.aws().region()))
                .withResources(Pods.requests("100m", "128Mi"))
                .withLivenessProbe(Pods.httpProbe("/healthz", "10258", "HTTPS", 10, 5))
                .withSecurityContext(Pods.restricted())
                .withVolumeMounts(Pods.mount("cloud-config", "/etc/kubernetes/cloud", true))
                .build();
        return Workloads.daemonSet(NAMESPACE, NAME, SELECTOR,
                Workloads.pod("system-cluster-critical", ACCOUNT, Placement.controllersBeforeReady())
                        .withHostNetwork(true)
                        .withNodeSelector(Placement.controllers())
                        .withNewSecurityContext().withRunAsUser(65534L).withRunAsGroup(65534L).endSecurityContext()
                        .withContainers(container)
                        .withVolumes(Pods.configMap("cloud-config", "aws-cloud-config"))
                        .build());
    }
}
