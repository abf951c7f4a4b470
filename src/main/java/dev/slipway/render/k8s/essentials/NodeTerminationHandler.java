package dev.slipway.render.k8s.essentials;

import dev.slipway.render.RenderInput;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.spec.Environment;
import dev.slipway.spec.WorkerPoolSpec;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The AWS Node Termination Handler in queue mode, only in an environment with a spot pool: it reads the
 * interruption, rebalance, state-change and termination-lifecycle events EventBridge puts in the environment's SQS
 * queue (Terraform {@code interruptions.tf}), cordons and drains the node through the Eviction API (so
 * PodDisruptionBudgets decide), and completes the Auto Scaling lifecycle action.
 *
 * <p>Held against upstream's chart {@code config/helm/aws-node-termination-handler} at {@value #UPSTREAM_TAG}
 * ({@code templates/deployment.yaml}, {@code clusterrole.yaml}, {@code values.yaml}); differences in
 * docs/components.md. AWS credentials: the controller instance role, as the cloud controller manager and the EBS CSI
 * controller get them (Pods on the pod network cannot reach instance metadata, hop limit 1): host network, on
 * controllers only. Controllers are never spot, so the handler is never on a node it drains.
 */
public final class NodeTerminationHandler implements ClusterComponent {
    static final String NAME = "aws-node-termination-handler";
    static final String NAMESPACE = "kube-system";
    static final String UPSTREAM_TAG = "v1.25.6";
    /** Upstream's probe server port and path ({@code values.yaml} {@code probes.httpGet}). */
    static final int PROBE_PORT = 8080;
    private static final Map<String, String> SELECTOR = Map.of("k8s-app", NAME);

    @Override
    public String name() {
        return NAME;
    }

    /** Only in an environment with a spot pool: nothing else is interrupted by AWS. */
    @Override
    public boolean rendersFor(Environment env) {
        return env.workerPools().stream().anyMatch(WorkerPoolSpec::hasSpot);
    }

    @Override
    public List<HasMetadata> objects(RenderInput input) {
        Environment env = input.environment();
        if (!rendersFor(env)) {
            return List.of();
        }
        int replicas = env.controllers().count() > 1 ? 2 : 1;
        List<HasMetadata> out = new ArrayList<>(List.of(
                Rbac.serviceAccount(NAMESPACE, NAME),
                // Upstream's clusterrole.yaml, verb for verb (events off: emitKubernetesEvents is false).
                Rbac.clusterRole(NAME,
                        Rbac.rule("", "nodes", "get", "list", "patch", "update"),
                        Rbac.rule("", "pods", "list", "get"),
                        Rbac.rule("", "pods/eviction", "create"),
                        Rbac.rule("extensions", "daemonsets", "get"),
                        Rbac.rule("apps", "daemonsets", "get")),
                Rbac.clusterRoleBinding(NAME, NAME, NAMESPACE, NAME),
                deployment(env, input.versions().get("essentials.nodeTerminationHandler.image"), replicas)));
        if (replicas > 1) {
            // Upstream renders a budget only with more than one replica (templates/pdb.yaml).
            out.add(Pods.oneAtATime(NAMESPACE, NAME, SELECTOR));
        }
        return out;
    }

    /**
     * The queue the Terraform of the same environment creates ({@code CLUSTER-node-termination}): its URL names the
     * region and the account. The account is the one of the environment's operator roles (validation refuses a spot
     * pool without them): {@code infra init} and every apply run as a session of one of them, in that account.
     */
    public static String queueUrl(Environment env) {
        String account = env.aws().operatorRoles().get(0).split(":")[4];
        return "https://sqs." + env.aws().region() + ".amazonaws.com/" + account + "/" + env.clusterName()
                + "-node-termination";
    }

    /**
     * Queue mode's environment, in the order of upstream's deployment.yaml, with values.yaml's defaults except where
     * docs/components.md says why.
     */
    static List<EnvVar> environment(Environment env) {
        return List.of(
                Pods.fieldRef("NODE_NAME", "spec.nodeName"),
                Pods.fieldRef("POD_NAME", "metadata.name"),
                Pods.fieldRef("NAMESPACE", "metadata.namespace"),
                Pods.env("ENABLE_PROBES_SERVER", "true"),
                Pods.env("PROBES_SERVER_PORT", String.valueOf(PROBE_PORT)),
                Pods.env("PROBES_SERVER_ENDPOINT", "/healthz"),
                Pods.env("LOG_LEVEL", "info"),
                Pods.env("JSON_LOGGING", "false"),
                Pods.env("LOG_FORMAT_VERSION", "1"),
                Pods.env("ENABLE_PROMETHEUS_SERVER", "false"),
                Pods.env("PROMETHEUS_SERVER_PORT", "9092"),
                Pods.env("CHECK_ASG_TAG_BEFORE_DRAINING", "true"),
                Pods.env("CHECK_TAG_BEFORE_DRAINING", "true"),
                // The cluster tag every group propagates to its instances: EventBridge sends the EC2 events of the
                // whole account and region, and only this cluster's instances are the handler's.
                Pods.env("MANAGED_ASG_TAG", env.clusterTagKey()),
                Pods.env("MANAGED_TAG", env.clusterTagKey()),
                Pods.env("USE_PROVIDER_ID", "false"),
                Pods.env("DRY_RUN", "false"),
                Pods.env("CORDON_ONLY", "false"),
                Pods.env("TAINT_NODE", "false"),
                Pods.env("ENABLE_OUT_OF_SERVICE_TAINT", "false"),
                Pods.env("EXCLUDE_FROM_LOAD_BALANCERS", "false"),
                Pods.env("DELETE_LOCAL_DATA", "true"),
                Pods.env("IGNORE_DAEMON_SETS", "true"),
                Pods.env("POD_TERMINATION_GRACE_PERIOD", "-1"),
                Pods.env("NODE_TERMINATION_GRACE_PERIOD", "120"),
                Pods.env("EMIT_KUBERNETES_EVENTS", "false"),
                Pods.env("COMPLETE_LIFECYCLE_ACTION_DELAY_SECONDS", "-1"),
                Pods.env("ENABLE_SQS_TERMINATION_DRAINING", "true"),
                Pods.env("AWS_REGION", env.aws().region()),
                Pods.env("QUEUE_URL", queueUrl(env)),
                Pods.env("DELETE_SQS_MSG_IF_NODE_NOT_FOUND", "false"),
                Pods.env("WORKERS", "10"),
                Pods.env("HEARTBEAT_INTERVAL", "-1"),
                Pods.env("HEARTBEAT_UNTIL", "-1"),
                Pods.env("SQS_MSG_VISIBILITY_TIMEOUT_SEC", "20"),
                // Host network on a controller: its own API server, before and without the pod network.
                Pods.env("KUBERNETES_SERVICE_HOST", Placement.LOCAL_API_SERVER),
                Pods.env("KUBERNETES_SERVICE_PORT", "6443"));
    }

    private static HasMetadata deployment(Environment env, String image, int replicas) {
        Map<String, Quantity> requests = new TreeMap<>(Map.of("cpu", new Quantity("100m"),
                "memory", new Quantity("128Mi")));
        var container = new ContainerBuilder()
                .withName(NAME).withImage(image).withImagePullPolicy("IfNotPresent")
                .withEnv(environment(env))
                .withPorts(new ContainerPortBuilder().withName("liveness-probe").withProtocol("TCP")
                        .withContainerPort(PROBE_PORT).build())
                .withLivenessProbe(new ProbeBuilder().withNewHttpGet().withPath("/healthz")
                        .withPort(new io.fabric8.kubernetes.api.model.IntOrString(PROBE_PORT)).endHttpGet()
                        .withInitialDelaySeconds(5).withPeriodSeconds(5).build())
                .withResources(new ResourceRequirementsBuilder().withRequests(requests)
                        .withLimits(Map.of("memory", new Quantity("256Mi"))).build())
                .withNewSecurityContext()
                    .withReadOnlyRootFilesystem(true).withRunAsNonRoot(true).withAllowPrivilegeEscalation(false)
                    .withRunAsUser(1000L).withRunAsGroup(1000L)
                    .withNewCapabilities().withDrop("ALL").endCapabilities()
                    .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .build();
        Map<String, String> nodeSelector = new TreeMap<>(Placement.controllers());
        nodeSelector.put("kubernetes.io/os", "linux");
        return Workloads.deployment(NAMESPACE, NAME, SELECTOR, replicas,
                Workloads.pod("system-cluster-critical", NAME, Placement.controllersToo())
                        .withHostNetwork(true)
                        .withNodeSelector(nodeSelector)
                        .withAffinity(Workloads.onePerNode(SELECTOR))
                        .withNewSecurityContext().withFsGroup(1000L).endSecurityContext()
                        .withContainers(container)
                        .build());
    }
}
