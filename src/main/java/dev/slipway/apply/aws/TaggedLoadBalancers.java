package dev.slipway.apply.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;

/**
 * The ELBv2 load balancers (NLB, ALB) tagged for one cluster ({@code kubernetes.io/cluster/CLUSTER}, any value), with
 * their tags: what the AWS cloud controller made for LoadBalancer Services, and what Terraform made for the API.
 * Read-only. ELBv2 has no filter by tag, so this lists every load balancer of the region and asks for tags 20 at a
 * time (DescribeTags' limit).
 */
public final class TaggedLoadBalancers {
    /** The tag the cloud controller puts on a Service's load balancer: {@code NAMESPACE/NAME}. */
    public static final String SERVICE_NAME_TAG = "kubernetes.io/service-name";
    private static final int TAGS_PER_CALL = 20;
    private final ElasticLoadBalancingV2Client elb;

    public TaggedLoadBalancers(ElasticLoadBalancingV2Client elb) {
        this.elb = elb;
    }

    /** One load balancer and its tags. */
    public record TaggedLoadBalancer(String arn, String name, String type, String dnsName, Map<String, String> tags) {
        public TaggedLoadBalancer {
            tags = java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
        }

        /** {@code NAMESPACE/NAME} of the Service it was made for, when the cloud controller made it. */
        public Optional<String> service() {
            return Optional.ofNullable(tags.get(SERVICE_NAME_TAG)).filter(s -> !s.isBlank());
        }
    }

    /** Every load balancer carrying the tag key {@code clusterTagKey}, in listing order. */
    public List<TaggedLoadBalancer> list(String clusterTagKey) {
        Map<String, LoadBalancer> byArn = new LinkedHashMap<>();
        elb.describeLoadBalancersPaginator(b -> { }).loadBalancers()
                .forEach(lb -> byArn.put(lb.loadBalancerArn(), lb));
        List<String> arns = new ArrayList<>(byArn.keySet());
        List<TaggedLoadBalancer> out = new ArrayList<>();
        for (int i = 0; i < arns.size(); i += TAGS_PER_CALL) {
            List<String> batch = arns.subList(i, Math.min(arns.size(), i + TAGS_PER_CALL));
            for (TagDescription d : elb.describeTags(b -> b.resourceArns(batch)).tagDescriptions()) {
                Map<String, String> tags = new TreeMap<>();
                d.tags().forEach(t -> tags.put(t.key(), t.value() == null ? "" : t.value()));
                if (tags.containsKey(clusterTagKey)) {
                    LoadBalancer lb = byArn.get(d.resourceArn());
                    out.add(new TaggedLoadBalancer(d.resourceArn(), lb.loadBalancerName(), lb.typeAsString(),
                            lb.dnsName(), tags));
                }
            }
        }
        return out;
    }
}
