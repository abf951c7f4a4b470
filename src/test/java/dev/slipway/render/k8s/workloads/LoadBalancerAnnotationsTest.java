package dev.slipway.render.k8s.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.k8s.RenderedK8s;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A LoadBalancer Service carries only annotations the AWS cloud controller manager reads (kubernetes/cloud-provider-aws
 * v1.36.1, pkg/providers/v1/aws.go): the scheme comes from {@code aws-load-balancer-internal} (absent or "false":
 * internet facing; any other value: internal, {@code EnsureLoadBalancer}); {@code aws-load-balancer-scheme} is the
 * AWS Load Balancer Controller's, which this controller never reads. Keys are spelt out here, not taken from
 * production constants.
 */
class LoadBalancerAnnotationsTest {
    /** Every service.beta.kubernetes.io/ annotation key the cloud controller's aws.go (v1.36.1) declares and reads. */
    private static final List<String> READ_BY_CLOUD_CONTROLLER = List.of(
            "service.beta.kubernetes.io/aws-load-balancer-type",
            "service.beta.kubernetes.io/aws-load-balancer-internal",
            "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled",
            "service.beta.kubernetes.io/aws-load-balancer-ssl-cert",
            "service.beta.kubernetes.io/aws-load-balancer-ssl-ports",
            "service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy");

    @Test
    void loadBalancerServicesAreInternetFacingNlbsByTheAnnotationsTheCloudControllerReads() {
        List<Service> loadBalancers = WorkloadFixtures.objects(RenderedK8s.example("prod")).stream()
                .filter(Service.class::isInstance).map(Service.class::cast)
                .filter(s -> "LoadBalancer".equals(s.getSpec().getType())).toList();
        assertThat(loadBalancers).isNotEmpty();
        for (Service s : loadBalancers) {
            Map<String, String> a = s.getMetadata().getAnnotations();
            assertThat(a).as(s.getMetadata().getName())
                    .containsEntry("service.beta.kubernetes.io/aws-load-balancer-type", "nlb")
                    .containsEntry("service.beta.kubernetes.io/aws-load-balancer-internal", "false")
                    .containsEntry("service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled",
                            "true");
            assertThat(a.keySet().stream().filter(k -> k.startsWith("service.beta.kubernetes.io/")))
                    .as(s.getMetadata().getName()).allMatch(READ_BY_CLOUD_CONTROLLER::contains);
        }
    }
}
