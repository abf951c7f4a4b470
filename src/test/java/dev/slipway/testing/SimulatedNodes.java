package dev.slipway.testing;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/**
 * The Node objects kwok brings to life: annotated so kwok manages them, labelled like real nodes (hostname, OS,
 * architecture, a zone) so scheduling rules work, with room for plenty of Pods. kwok marks them Ready, renews their
 * leases and runs the Pods bound to them; nothing actually executes.
 */
final class SimulatedNodes {
    static final String ZONE_LABEL = "topology.kubernetes.io/zone";
    private static final String[] ZONES = {"zone-a", "zone-b", "zone-c"};

    private SimulatedNodes() {
    }

    /** The {@code index}-th node (from 0), in zone a, b or c by turn. */
    static Node node(String name, int index) {
        Map<String, Quantity> resources = Map.of(
                "cpu", new Quantity("32"), "memory", new Quantity("128Gi"), "pods", new Quantity("110"));
        return new NodeBuilder()
                .withNewMetadata()
                    .withName(name)
                    .addToAnnotations(ControlPlaneCommands.KWOK_NODE_ANNOTATION, ControlPlaneCommands.KWOK_NODE_VALUE)
                    .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
                    .addToLabels("kubernetes.io/hostname", name)
                    .addToLabels("kubernetes.io/os", "linux")
                    .addToLabels("kubernetes.io/arch", "amd64")
                    .addToLabels("type", "kwok")
                    .addToLabels(ZONE_LABEL, ZONES[index % ZONES.length])
                .endMetadata()
                .withNewStatus()
                    .withAllocatable(resources)
                    .withCapacity(resources)
                .endStatus()
                .build();
    }
}
