package dev.slipway.testing;

import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the AWS cloud controller manager's service controller in the harness, where no load balancer can
 * really be created: every Service of type {@code LoadBalancer} without an address gets
 * {@code status.loadBalancer.ingress[0].hostname} set through the API (the status subresource, as the cloud
 * controller writes it), a name shaped like an NLB's ({@code NAME-NAMESPACE-UID8.elb.REGION.amazonaws.com}).
 * Polls every half second until closed ({@link StandInLoop}: a conflict with a Service changed meanwhile is tried
 * again on the next round; any other failure fails {@link #assertHealthy()}).
 */
public final class LoadBalancerStandIn implements AutoCloseable {
    private final KubernetesClient client;
    private final String region;
    private final StandInLoop loop;
    private final Map<String, String> assigned = new ConcurrentHashMap<>();

    public LoadBalancerStandIn(KubernetesClient client, String region) {
        this.client = client;
        this.region = region;
        this.loop = new StandInLoop("load-balancer-stand-in", Duration.ofMillis(500), this::round);
    }

    /** Fails the calling test if the stand-in ran into a failure a controller would not retry. */
    public void assertHealthy() {
        loop.assertHealthy();
    }

    /** The hostname given to Service {@code namespace/name}, or null. */
    public String hostname(String namespace, String name) {
        return assigned.get(namespace + "/" + name);
    }

    private void round() {
        for (Service s : client.services().inAnyNamespace().list().getItems()) {
            address(s);
        }
    }

    private void address(Service s) {
        if (!"LoadBalancer".equals(s.getSpec().getType()) || s.getStatus() != null
                && s.getStatus().getLoadBalancer() != null && s.getStatus().getLoadBalancer().getIngress() != null
                && !s.getStatus().getLoadBalancer().getIngress().isEmpty()) {
            return;
        }
        String hostname = s.getMetadata().getName() + "-" + s.getMetadata().getNamespace() + "-"
                + s.getMetadata().getUid().substring(0, 8) + ".elb." + region + ".amazonaws.com";
        Service withAddress = new ServiceBuilder(s).editOrNewStatus().withNewLoadBalancer()
                .withIngress(new LoadBalancerIngressBuilder().withHostname(hostname).build())
                .endLoadBalancer().endStatus().build();
        client.services().inNamespace(s.getMetadata().getNamespace()).resource(withAddress).updateStatus();
        assigned.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), hostname);
    }

    @Override
    public void close() {
        loop.close();
    }
}
