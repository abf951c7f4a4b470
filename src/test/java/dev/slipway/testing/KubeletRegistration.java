package dev.slipway.testing;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The Node a kubelet with {@code --cloud-provider=external} registers for an EC2 instance: named by the instance's
 * private DNS name (its hostname on AWS), {@code spec.providerID = aws:///ZONE/INSTANCE_ID}, and tainted
 * {@code node.cloudprovider.kubernetes.io/uninitialized=true:NoSchedule} until a cloud controller initialises it
 * (kubelet's {@code initialNode}). No zone, region or instance-type labels and no addresses: those are the cloud
 * controller's to set. kwok manages the Node (Ready, heartbeats), as for the simulated nodes.
 */
public final class KubeletRegistration {
    public static final String UNINITIALIZED_TAINT = "node.cloudprovider.kubernetes.io/uninitialized";

    private KubeletRegistration() {
    }

    public static Node node(Instance instance) {
        String name = instance.privateDnsName();
        Node simulated = SimulatedNodes.node(name, 0);
        simulated.getMetadata().getLabels().remove(SimulatedNodes.ZONE_LABEL);
        return new NodeBuilder(simulated)
                .editOrNewSpec()
                    .withProviderID("aws:///" + instance.placement().availabilityZone() + "/" + instance.instanceId())
                    .addToTaints(new TaintBuilder().withKey(UNINITIALIZED_TAINT).withValue("true")
                            .withEffect("NoSchedule").build())
                .endSpec()
                .build();
    }
}
