package dev.slipway.testing;

import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/**
 * Stands in for the AWS cloud controller manager's service controller (none runs on the harness): for each
 * {@code LoadBalancer} Service it creates, in moto, what the real one creates for an NLB: a network load balancer,
 * a target group and a security group, each tagged {@code kubernetes.io/cluster/CLUSTER=owned} and
 * {@code kubernetes.io/service-name=NS/NAME}; it holds the Service with the real controller's finalizer
 * ({@code service.kubernetes.io/load-balancer-cleanup}) and sets its address. When the Service is deleted it deletes
 * the three after {@code deleteDelay} (the real one takes a while too), then releases the finalizer. Each deletion is
 * appended to {@code log} ("ccm deleted ..."), beside what the stub Terraform records there, so a test sees the order.
 * Its loop is a {@link StandInLoop}: a conflict with a Service changed meanwhile is tried again on the next round, as
 * the real controller requeues; each round does only what is not done yet (AWS objects, finalizer, address), so a
 * round cut short by a conflict is finished by the next one.
 */
public final class CloudControllerStandIn implements AutoCloseable {
    public static final String FINALIZER = "service.kubernetes.io/load-balancer-cleanup";

    private record Made(String lbArn, String tgArn, String sgId, String dnsName) {
    }

    private final KubernetesClient client;
    private final ElasticLoadBalancingV2Client elb;
    private final Ec2Client ec2;
    private final String cluster;
    private final String vpcId;
    private final List<String> subnets;
    private final Duration deleteDelay;
    private final Path log;
    private final Map<String, Made> made = new ConcurrentHashMap<>();
    private final Map<String, Long> deletingSince = new ConcurrentHashMap<>();
    private final StandInLoop loop;

    public CloudControllerStandIn(KubernetesClient client, ElasticLoadBalancingV2Client elb, Ec2Client ec2,
            String cluster, String vpcId, List<String> subnets, Duration deleteDelay, Path log) {
        this.client = client;
        this.elb = elb;
        this.ec2 = ec2;
        this.cluster = cluster;
        this.vpcId = vpcId;
        this.subnets = List.copyOf(subnets);
        this.deleteDelay = deleteDelay;
        this.log = log;
        this.loop = new StandInLoop("cloud-controller-stand-in", Duration.ofMillis(300), this::reconcile);
    }

    /** The number of Services it holds load balancers for. */
    public int provisioned() {
        return made.size();
    }

    /**
     * A failure of its loop a controller would not retry, if any (asserted by tests, so a broken stand-in cannot
     * pass silently).
     */
    public Throwable failure() {
        return loop.failure();
    }

    private void reconcile() {
        for (Service s : client.services().inAnyNamespace().list().getItems()) {
            if (!"LoadBalancer".equals(s.getSpec().getType())) {
                continue;
            }
            String key = s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
            if (s.getMetadata().getDeletionTimestamp() != null) {
                long since = deletingSince.computeIfAbsent(key, k -> System.nanoTime());
                if (System.nanoTime() - since >= deleteDelay.toNanos()) {
                    remove(key, s);
                }
            } else {
                if (!made.containsKey(key)) {
                    create(key, s);
                }
                holdAndAddress(s, made.get(key));
            }
        }
    }

    private void create(String key, Service s) {
        String full = ("k8s-" + s.getMetadata().getName() + "-" + Integer.toHexString(key.hashCode()))
                .replace('.', '-');
        String base = full.length() > 28 ? full.substring(0, 28) : full;
        List<Tag> tags = List.of(Tag.builder().key("kubernetes.io/cluster/" + cluster).value("owned").build(),
                Tag.builder().key("kubernetes.io/service-name").value(key).build());
        String sg = ec2.createSecurityGroup(b -> b.groupName(base).description("Security group for Kubernetes NLB "
                + key).vpcId(vpcId).tagSpecifications(t -> t.resourceType(ResourceType.SECURITY_GROUP).tags(
                        software.amazon.awssdk.services.ec2.model.Tag.builder().key("kubernetes.io/cluster/"
                                + cluster).value("owned").build(),
                        software.amazon.awssdk.services.ec2.model.Tag.builder().key("kubernetes.io/service-name")
                                .value(key).build()))).groupId();
        var lb = elb.createLoadBalancer(b -> b.name(base).type(LoadBalancerTypeEnum.NETWORK).subnets(subnets)
                .securityGroups(sg).tags(tags)).loadBalancers().get(0);
        String tg = elb.createTargetGroup(b -> b.name(base).protocol(ProtocolEnum.TCP).port(30000).vpcId(vpcId)
                .tags(tags)).targetGroups().get(0).targetGroupArn();
        elb.createListener(b -> b.loadBalancerArn(lb.loadBalancerArn()).protocol(ProtocolEnum.TCP).port(443)
                .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
        made.put(key, new Made(lb.loadBalancerArn(), tg, sg, lb.dnsName()));
    }

    /** The finalizer and the address, each only if missing; written with the read resourceVersion (409: next round). */
    private void holdAndAddress(Service s, Made m) {
        Service current = s;
        if (!current.getMetadata().getFinalizers().contains(FINALIZER)) {
            List<String> f = new ArrayList<>(current.getMetadata().getFinalizers());
            f.add(FINALIZER);
            current = client.resource(new ServiceBuilder(current).editMetadata().withFinalizers(f).endMetadata()
                    .build()).update();
        }
        if (current.getStatus() == null || current.getStatus().getLoadBalancer() == null
                || current.getStatus().getLoadBalancer().getIngress() == null
                || current.getStatus().getLoadBalancer().getIngress().isEmpty()) {
            client.resource(new ServiceBuilder(current).withStatus(new ServiceStatusBuilder().withNewLoadBalancer()
                    .withIngress(new LoadBalancerIngressBuilder().withHostname(m.dnsName()).build())
                    .endLoadBalancer().build()).build()).updateStatus();
        }
    }

    private void remove(String key, Service s) {
        Made m = made.remove(key);
        if (m != null) {
            elb.deleteLoadBalancer(b -> b.loadBalancerArn(m.lbArn()));
            elb.deleteTargetGroup(b -> b.targetGroupArn(m.tgArn()));
            ec2.deleteSecurityGroup(b -> b.groupId(m.sgId()));
            append("ccm deleted load balancer, target group and security group of " + key);
        }
        // Released with the read resourceVersion: after a conflict only the release is tried again (made no
        // longer holds the key).
        client.resource(new ServiceBuilder(s).editMetadata().withFinalizers(s.getMetadata().getFinalizers().stream()
                .filter(f -> !f.equals(FINALIZER)).toList()).endMetadata().build()).update();
        deletingSince.remove(key);
    }

    private void append(String line) {
        try {
            Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}
