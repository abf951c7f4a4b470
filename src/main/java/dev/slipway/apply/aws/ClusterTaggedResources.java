package dev.slipway.apply.aws;

import dev.slipway.spec.Environment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * The AWS resources a cluster made for itself, found by tag: load balancers, target groups and security groups of
 * the cloud controller manager (one set per {@code LoadBalancer} Service) and the EBS CSI driver's volumes. They carry
 * the cluster tag ({@link Environment#clusterTagKey()}) but not Terraform's {@link Environment#TERRAFORM_ENV_TAG}, so
 * {@code terraform destroy} does not know them; a load balancer left behind keeps network interfaces in the VPC's
 * subnets, and the destroy of the VPC then fails (the leak the old scripts' notes warned about).
 */
public final class ClusterTaggedResources {
    /** ELBv2's DescribeTags takes at most 20 ARNs per call. */
    private static final int TAGS_PER_CALL = 20;
    static final String SERVICE_NAME_TAG = "kubernetes.io/service-name";

    private final AwsClients aws;
    private final String clusterTag;

    public ClusterTaggedResources(AwsClients aws, Environment env) {
        this(aws, env.clusterTagKey());
    }

    ClusterTaggedResources(AwsClients aws, String clusterTag) {
        this.aws = aws;
        this.clusterTag = clusterTag;
    }

    /** Everything of the cluster's own that is left, load balancers first, volumes last. */
    public List<TaggedResource> scan() {
        List<TaggedResource> out = new ArrayList<>();
        out.addAll(loadBalancers());
        out.addAll(targetGroups());
        out.addAll(securityGroups());
        out.addAll(volumes());
        return out;
    }

    /**
     * Deletes {@code resources} in dependency order (load balancers, then their target groups, then security groups
     * and volumes); returns the ones AWS refused for now (a security group still used by a network interface, a
     * volume still attached) with the reason, to be tried again.
     */
    public Map<TaggedResource, String> delete(List<TaggedResource> resources) {
        Map<TaggedResource, String> refused = new HashMap<>();
        for (TaggedResource.Kind kind : TaggedResource.Kind.values()) {
            for (TaggedResource r : resources) {
                if (r.kind() != kind) {
                    continue;
                }
                try {
                    switch (kind) {
                        case LOAD_BALANCER -> elb().deleteLoadBalancer(b -> b.loadBalancerArn(r.id()));
                        case TARGET_GROUP -> elb().deleteTargetGroup(b -> b.targetGroupArn(r.id()));
                        case SECURITY_GROUP -> ec2().deleteSecurityGroup(b -> b.groupId(r.id()));
                        case VOLUME -> ec2().deleteVolume(b -> b.volumeId(r.id()));
                    }
                } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
                    refused.put(r, e.awsErrorDetails() == null ? e.getMessage()
                            : e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage());
                }
            }
        }
        return refused;
    }

    /**
     * Names of Terraform's load balancers of this cluster (tagged {@link Environment#TERRAFORM_ENV_TAG}) whose
     * deletion protection is on: {@code terraform destroy} fails on them until an {@code infra apply} of a spec that
     * no longer protects the environment turns it off.
     */
    public List<String> deletionProtectedTerraformLoadBalancers() {
        List<LoadBalancer> all = new ArrayList<>();
        elb().describeLoadBalancersPaginator(b -> { }).forEach(p -> all.addAll(p.loadBalancers()));
        Map<String, Map<String, String>> tags = elbTags(all.stream().map(LoadBalancer::loadBalancerArn).toList());
        List<String> out = new ArrayList<>();
        for (LoadBalancer lb : all) {
            Map<String, String> t = tags.getOrDefault(lb.loadBalancerArn(), Map.of());
            if (t.containsKey(clusterTag) && t.containsKey(Environment.TERRAFORM_ENV_TAG)
                    && elb().describeLoadBalancerAttributes(b -> b.loadBalancerArn(lb.loadBalancerArn()))
                            .attributes().stream().anyMatch(a -> a.key().equals("deletion_protection.enabled")
                                    && a.value().equals("true"))) {
                out.add(lb.loadBalancerName());
            }
        }
        return out;
    }

    private List<TaggedResource> loadBalancers() {
        List<LoadBalancer> all = new ArrayList<>();
        elb().describeLoadBalancersPaginator(b -> { }).forEach(p -> all.addAll(p.loadBalancers()));
        Map<String, Map<String, String>> tags = elbTags(all.stream().map(LoadBalancer::loadBalancerArn).toList());
        List<TaggedResource> out = new ArrayList<>();
        for (LoadBalancer lb : all) {
            Map<String, String> t = tags.getOrDefault(lb.loadBalancerArn(), Map.of());
            if (ours(t)) {
                out.add(new TaggedResource(TaggedResource.Kind.LOAD_BALANCER, lb.loadBalancerArn(),
                        lb.loadBalancerName(), t.getOrDefault(SERVICE_NAME_TAG, ""), 0));
            }
        }
        return out;
    }

    private List<TaggedResource> targetGroups() {
        List<TargetGroup> all = new ArrayList<>();
        elb().describeTargetGroupsPaginator(b -> { }).forEach(p -> all.addAll(p.targetGroups()));
        Map<String, Map<String, String>> tags = elbTags(all.stream().map(TargetGroup::targetGroupArn).toList());
        List<TaggedResource> out = new ArrayList<>();
        for (TargetGroup tg : all) {
            Map<String, String> t = tags.getOrDefault(tg.targetGroupArn(), Map.of());
            if (ours(t)) {
                out.add(new TaggedResource(TaggedResource.Kind.TARGET_GROUP, tg.targetGroupArn(),
                        tg.targetGroupName(), t.getOrDefault(SERVICE_NAME_TAG, ""), 0));
            }
        }
        return out;
    }

    private List<TaggedResource> securityGroups() {
        List<TaggedResource> out = new ArrayList<>();
        Filter tagged = Filter.builder().name("tag-key").values(clusterTag).build();
        ec2().describeSecurityGroupsPaginator(b -> b.filters(tagged)).forEach(p -> {
            for (SecurityGroup g : p.securityGroups()) {
                Map<String, String> t = ec2Tags(g.tags());
                if (ours(t)) {
                    out.add(new TaggedResource(TaggedResource.Kind.SECURITY_GROUP, g.groupId(), g.groupName(),
                            t.getOrDefault(SERVICE_NAME_TAG, ""), 0));
                }
            }
        });
        return out;
    }

    private List<TaggedResource> volumes() {
        List<TaggedResource> out = new ArrayList<>();
        Filter tagged = Filter.builder().name("tag-key").values(clusterTag).build();
        ec2().describeVolumesPaginator(b -> b.filters(tagged)).forEach(p -> {
            for (Volume v : p.volumes()) {
                Map<String, String> t = ec2Tags(v.tags());
                if (ours(t)) {
                    String claim = t.getOrDefault("kubernetes.io/created-for/pvc/namespace", "") + "/"
                            + t.getOrDefault("kubernetes.io/created-for/pvc/name", "");
                    out.add(new TaggedResource(TaggedResource.Kind.VOLUME, v.volumeId(), v.volumeId()
                            + (claim.equals("/") ? "" : " (claim " + claim + ")"), "", v.size() == null ? 0
                            : v.size()));
                }
            }
        });
        return out;
    }

    /**
     * Tagged for this cluster, not by Terraform (whose default tags add {@code slipway/env}), and not {@code shared}:
     * the cloud controller tags what it makes {@code owned} (cloud-provider-aws {@code buildTags}); {@code shared}
     * marks what the cluster only uses, such as an existing VPC's subnets or a network team's security group.
     */
    private boolean ours(Map<String, String> tags) {
        return tags.containsKey(clusterTag) && !SHARED.equals(tags.get(clusterTag))
                && !tags.containsKey(Environment.TERRAFORM_ENV_TAG);
    }

    /** The cluster tag's value on a resource the cluster uses but does not own. */
    static final String SHARED = "shared";

    private Map<String, Map<String, String>> elbTags(List<String> arns) {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (int i = 0; i < arns.size(); i += TAGS_PER_CALL) {
            List<String> batch = arns.subList(i, Math.min(arns.size(), i + TAGS_PER_CALL));
            for (TagDescription d : elb().describeTags(b -> b.resourceArns(batch)).tagDescriptions()) {
                Map<String, String> t = new HashMap<>();
                d.tags().forEach(tag -> t.put(tag.key(), tag.value()));
                out.put(d.resourceArn(), t);
            }
        }
        return out;
    }

    private static Map<String, String> ec2Tags(List<Tag> tags) {
        Map<String, String> t = new HashMap<>();
        tags.forEach(tag -> t.put(tag.key(), tag.value()));
        return t;
    }

    private ElasticLoadBalancingV2Client elb() {
        return aws.loadBalancing();
    }

    private Ec2Client ec2() {
        return aws.ec2();
    }
}
