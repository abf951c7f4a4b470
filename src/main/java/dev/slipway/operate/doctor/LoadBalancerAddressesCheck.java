package dev.slipway.operate.doctor;

import dev.slipway.apply.kubernetes.ClusterSnapshot;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.List;

/**
 * LoadBalancer Services the cloud controller has not given an address: nothing outside the cluster reaches them,
 * and their DNS names point nowhere.
 */
public final class LoadBalancerAddressesCheck implements DoctorCheck {
    @Override
    public String name() {
        return "load-balancer-addresses";
    }

    @Override
    public String title() {
        return "every LoadBalancer Service has an address";
    }

    @Override
    public List<Finding> examine(ClusterSnapshot cluster) {
        List<Finding> out = new ArrayList<>();
        for (Service s : cluster.services()) {
            if (!"LoadBalancer".equals(s.getSpec().getType())) {
                continue;
            }
            var lb = s.getStatus() == null ? null : s.getStatus().getLoadBalancer();
            if (lb != null && lb.getIngress() != null && !lb.getIngress().isEmpty()) {
                continue;
            }
            String ns = s.getMetadata().getNamespace();
            String name = s.getMetadata().getName();
            String event = latestEvent(cluster, ns, name);
            out.add(Finding.fail("Service " + ns + "/" + name, "type LoadBalancer without an address since "
                    + s.getMetadata().getCreationTimestamp() + event,
                    "kubectl -n " + ns + " describe service " + name + "; the cloud controller's log: kubectl -n"
                            + " kube-system logs deploy/aws-cloud-controller-manager (subnet tags, quotas, IAM)"));
        }
        return out;
    }

    private static String latestEvent(ClusterSnapshot cluster, String ns, String name) {
        return cluster.events().stream()
                .filter(e -> e.getInvolvedObject() != null && "Service".equals(e.getInvolvedObject().getKind())
                        && ns.equals(e.getInvolvedObject().getNamespace())
                        && name.equals(e.getInvolvedObject().getName()))
                .reduce((a, b) -> b)
                .map(e -> "; latest event " + e.getReason() + ": " + e.getMessage())
                .orElse("");
    }
}
