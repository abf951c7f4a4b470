package dev.slipway.operate.doctor;

import dev.slipway.apply.aws.TaggedLoadBalancers.TaggedLoadBalancer;
import dev.slipway.apply.kubernetes.ClusterSnapshot;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * AWS load balancers the cloud controller made for a Service ({@code kubernetes.io/cluster/CLUSTER} and
 * {@code kubernetes.io/service-name} tags) whose Service is gone or no longer of type LoadBalancer: they cost money
 * and hold addresses, and {@code infra destroy} cannot delete the subnets they sit in. A warning; deleting one is
 * never automatic (the tag could be wrong). Load balancers without a service-name tag (the API's, made by Terraform)
 * are not the cloud controller's and are left out.
 */
public final class OrphanLoadBalancersCheck implements DoctorCheck {
    private final Supplier<List<TaggedLoadBalancer>> loadBalancers;

    /** @param loadBalancers the cluster's tagged load balancers (read when the check runs) */
    public OrphanLoadBalancersCheck(Supplier<List<TaggedLoadBalancer>> loadBalancers) {
        this.loadBalancers = loadBalancers;
    }

    @Override
    public String name() {
        return "orphaned-load-balancers";
    }

    @Override
    public String title() {
        return "every AWS load balancer tagged for a Service has that Service";
    }

    @Override
    public List<Finding> examine(ClusterSnapshot cluster) {
        List<TaggedLoadBalancer> tagged;
        try {
            tagged = loadBalancers.get();
        } catch (RuntimeException e) {
            return List.of(Finding.warn("AWS load balancers", "not checked: " + e.getMessage(),
                    "check AWS access (AWS_PROFILE, AWS_REGION), then run doctor again"));
        }
        Set<String> services = cluster.services().stream()
                .filter(s -> "LoadBalancer".equals(s.getSpec().getType()))
                .map(OrphanLoadBalancersCheck::key)
                .collect(Collectors.toSet());
        List<Finding> out = new ArrayList<>();
        for (TaggedLoadBalancer lb : tagged) {
            lb.service().filter(s -> !services.contains(s)).ifPresent(s -> out.add(Finding.warn(
                    "load balancer " + lb.name(), lb.type() + " " + lb.arn() + " tagged for Service " + s
                            + ", which is not a LoadBalancer Service in the cluster",
                    "aws elbv2 delete-load-balancer --load-balancer-arn " + lb.arn() + " (then its target groups"
                            + " and security groups tagged for the cluster)")));
        }
        return out;
    }

    private static String key(Service s) {
        return s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
    }
}
