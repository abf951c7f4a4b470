package dev.slipway.render.k8s.workloads;

import java.util.Map;

/**
 * What the AWS cloud controller manager reads from a {@code LoadBalancer} Service: a Network Load Balancer, internet
 * facing, across zones.
 *
 * <p>Not yet: HTTPS for the hostnames. The plan is TLS on 443 terminated at the NLB ({@code
 * aws-load-balancer-ssl-ports: "443"}) with an ACM certificate for the hostnames, validated through DNS records in
 * the same zone; the certificate's ARN exists only once it is issued, so Slipway would fill {@link #SSL_CERT} at
 * apply time. Until then no 443 listener is rendered (one without a certificate would forward TLS to a plain HTTP
 * port).
 */
public final class LoadBalancerAnnotations {
    public static final String PREFIX = "service.beta.kubernetes.io/";
    public static final String SSL_CERT = PREFIX + "aws-load-balancer-ssl-cert";

    private LoadBalancerAnnotations() {
    }

    static Map<String, String> nlb() {
        return Map.of(PREFIX + "aws-load-balancer-type", "nlb",
                PREFIX + "aws-load-balancer-scheme", "internet-facing",
                PREFIX + "aws-load-balancer-cross-zone-load-balancing-enabled", "true");
    }
}
