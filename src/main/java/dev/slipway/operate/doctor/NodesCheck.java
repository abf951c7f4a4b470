package dev.slipway.operate.doctor;

import dev.slipway.apply.kubernetes.ClusterSnapshot;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Nodes that are not Ready, or that the cloud controller never initialized: the kubelet registers a node with the
 * taint {@code node.cloudprovider.kubernetes.io/uninitialized} and the AWS cloud controller removes it once it has
 * set the provider ID, zone and addresses. A node still carrying it gets no ordinary Pods and no load-balancer
 * traffic. A cordoned node is worth a warning (a drain left half way, or forgotten).
 */
public final class NodesCheck implements DoctorCheck {
    public static final String UNINITIALIZED_TAINT = "node.cloudprovider.kubernetes.io/uninitialized";
    private final String env;

    public NodesCheck(String env) {
        this.env = env;
    }

    @Override
    public String name() {
        return "nodes";
    }

    @Override
    public String title() {
        return "nodes Ready and initialized by the cloud controller";
    }

    @Override
    public List<Finding> examine(ClusterSnapshot cluster) {
        List<Finding> out = new ArrayList<>();
        if (cluster.nodes().isEmpty()) {
            out.add(Finding.fail("nodes", "the cluster has no Node", "check the instances' consoles (README: 'When a"
                    + " node does not come up'): aws ec2 get-console-output --instance-id ID --latest"));
        }
        for (Node n : cluster.nodes()) {
            String name = n.getMetadata().getName();
            String subject = "node " + name;
            Optional<NodeCondition> ready = condition(n, "Ready");
            if (ready.isEmpty() || !"True".equals(ready.get().getStatus())) {
                out.add(Finding.fail(subject, ready.map(c -> "Ready=" + c.getStatus() + reason(c))
                        .orElse("no Ready condition (the kubelet never reported)"),
                        "kubectl describe node " + name + "; then the instance's console or journalctl -u kubelet;"
                                + " replace it with: slipway rotate --env " + env));
            }
            taint(n, UNINITIALIZED_TAINT).ifPresent(t -> out.add(Finding.fail(subject, "taint " + t.getKey() + ":"
                    + t.getEffect() + (t.getTimeAdded() == null ? "" : " since " + t.getTimeAdded())
                    + " (the cloud controller has not initialized it; providerID "
                    + (n.getSpec().getProviderID() == null ? "unset" : n.getSpec().getProviderID()) + ")",
                    "kubectl -n kube-system logs deploy/aws-cloud-controller-manager (is it running, may it describe"
                            + " instances?); the taint goes once the node is initialized")));
            if (Boolean.TRUE.equals(n.getSpec().getUnschedulable())) {
                out.add(Finding.warn(subject, "cordoned (SchedulingDisabled)",
                        "kubectl uncordon " + name + " (if no drain or rotation is running)"));
            }
        }
        return out;
    }

    static Optional<NodeCondition> condition(Node n, String type) {
        return n.getStatus() == null || n.getStatus().getConditions() == null ? Optional.empty()
                : n.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static Optional<Taint> taint(Node n, String key) {
        return n.getSpec().getTaints() == null ? Optional.empty()
                : n.getSpec().getTaints().stream().filter(t -> key.equals(t.getKey())).findFirst();
    }

    private static String reason(NodeCondition c) {
        String why = (c.getReason() == null ? "" : c.getReason()) + (c.getMessage() == null || c.getMessage().isBlank()
                ? "" : ": " + c.getMessage());
        return why.isEmpty() ? "" : " (" + why + ")";
    }
}
