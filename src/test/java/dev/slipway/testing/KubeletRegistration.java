package dev.slipway.testing;

import dev.slipway.render.ignition.NodeRole;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The Node a kubelet with {@code --cloud-provider=external} registers for an EC2 instance of a rendered node role:
 * named by the instance's private DNS name (its hostname on AWS), {@code spec.providerID = aws:///ZONE/INSTANCE_ID},
 * the role's {@code --node-labels} and {@code registerWithTaints}, and the taint
 * {@code node.cloudprovider.kubernetes.io/uninitialized=true:NoSchedule} the kubelet adds until a cloud controller
 * initialises the Node (kubelet's {@code initialNode}). No zone, region or instance-type labels and no addresses:
 * those are the cloud controller's to set. kwok manages the Node (Ready, heartbeats), as for the simulated nodes.
 */
public final class KubeletRegistration {
    public static final String UNINITIALIZED_TAINT = "node.cloudprovider.kubernetes.io/uninitialized";

    private KubeletRegistration() {
    }

    public static Node node(Instance instance, NodeRole role) {
        String name = instance.privateDnsName();
        Node simulated = SimulatedNodes.node(name, 0);
        simulated.getMetadata().getLabels().remove(SimulatedNodes.ZONE_LABEL);
        simulated.getMetadata().getLabels().putAll(role.labels());
        List<Taint> taints = new ArrayList<>();
        for (String t : role.taints()) { // key=value:Effect
            String key = t.substring(0, t.indexOf('='));
            taints.add(new TaintBuilder().withKey(key).withValue(t.substring(t.indexOf('=') + 1, t.lastIndexOf(':')))
                    .withEffect(t.substring(t.lastIndexOf(':') + 1)).build());
        }
        taints.add(new TaintBuilder().withKey(UNINITIALIZED_TAINT).withValue("true").withEffect("NoSchedule").build());
        return new NodeBuilder(simulated)
                .editOrNewSpec()
                    .withProviderID("aws:///" + instance.placement().availabilityZone() + "/" + instance.instanceId())
                    .withTaints(taints)
                .endSpec()
                .build();
    }
}
