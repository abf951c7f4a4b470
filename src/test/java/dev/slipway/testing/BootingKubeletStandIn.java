package dev.slipway.testing;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;

/**
 * Stands in for what happens when moto "launches" an instance of an Auto Scaling group: on AWS the instance boots,
 * its kubelet registers a Node, and the AWS cloud controller sets {@code spec.providerID = aws:///ZONE/INSTANCE_ID}
 * and removes the {@code uninitialized} taint. Here a background thread watches moto for running instances of the
 * group and registers a kwok-managed Node with that providerID for each (kwok then reports it Ready), named by the
 * instance's private DNS name as on AWS. What it does per instance is the test's choice ({@link Boot}), so a test can
 * have a replacement that never comes up. Its loop is a {@link StandInLoop}: an instance whose registration failed for
 * a retryable reason is registered on the next round; any other failure fails {@link #assertHealthy()}.
 */
public final class BootingKubeletStandIn implements AutoCloseable {
    /** What the "kubelet" of one instance does. */
    public enum Boot {
        /** Registers a Node that becomes Ready. */
        READY,
        /** Registers a Node the cloud controller never initialises: it keeps the {@code uninitialized} taint. */
        UNINITIALIZED,
        /** Never registers (the instance does not boot). */
        NEVER
    }

    public static final String UNINITIALIZED_TAINT = "node.cloudprovider.kubernetes.io/uninitialized";
    private static final String GROUP_TAG = "aws:autoscaling:groupName";

    private final Ec2Client ec2;
    private final KubernetesClient client;
    private final String group;
    private volatile Function<String, Boot> boot;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Map<String, String> nodeOfInstance = new ConcurrentHashMap<>();
    private final StandInLoop loop;

    public BootingKubeletStandIn(Ec2Client ec2, KubernetesClient client, String group, Function<String, Boot> boot) {
        this.ec2 = ec2;
        this.client = client;
        this.group = group;
        this.boot = boot;
        this.loop = new StandInLoop("booting-kubelet-stand-in", java.time.Duration.ofMillis(200), this::round);
    }

    /** Changes what instances launched from now on do. */
    public void boot(Function<String, Boot> boot) {
        this.boot = boot;
    }

    /** The Node registered for an instance, if any. */
    public String nodeOf(String instanceId) {
        return nodeOfInstance.get(instanceId);
    }

    private void round() {
        for (Reservation r : ec2.describeInstances(q -> q.filters(
                f -> f.name("tag:" + GROUP_TAG).values(group),
                f -> f.name("instance-state-name").values("pending", "running"))).reservations()) {
            for (Instance i : r.instances()) {
                if (!seen.contains(i.instanceId())) {
                    register(i, boot.apply(i.instanceId()));
                    seen.add(i.instanceId()); // only once registered: a failed registration is tried again
                }
            }
        }
    }

    private void register(Instance i, Boot how) {
        if (how == Boot.NEVER) {
            return;
        }
        String zone = i.placement().availabilityZone();
        String name = i.privateDnsName() != null && !i.privateDnsName().isBlank() ? i.privateDnsName()
                : i.instanceId();
        NodeBuilder node = new NodeBuilder(SimulatedNodes.node(name, seen.size() + 1))
                .editMetadata().addToLabels(SimulatedNodes.ZONE_LABEL, zone).endMetadata()
                .editOrNewSpec().withProviderID("aws:///" + zone + "/" + i.instanceId()).endSpec();
        if (how == Boot.UNINITIALIZED) {
            node.editSpec().addToTaints(new TaintBuilder().withKey(UNINITIALIZED_TAINT).withValue("true")
                    .withEffect("NoSchedule").build()).endSpec();
        }
        Node built = node.build();
        try {
            client.nodes().resource(built).create();
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            if (e.getCode() != 409) { // 409: registered by a round whose answer was lost (a kubelet finds it too)
                throw e;
            }
        }
        nodeOfInstance.put(i.instanceId(), name);
    }

    /** Fails the test if the watcher ran into an error (it would otherwise only show as a timeout). */
    public void assertHealthy() {
        loop.assertHealthy();
    }

    @Override
    public void close() {
        loop.close();
    }
}
