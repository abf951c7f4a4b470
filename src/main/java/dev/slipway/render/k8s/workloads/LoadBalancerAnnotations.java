package dev.slipway.render.k8s.workloads;

import java.util.Map;

/**
 * What the AWS cloud controller manager reads from a {@code LoadBalancer} Service: a Network Load Balancer, internet
 * facing, across zones; with hostnames, TLS on 443 terminated at the NLB with the ACM certificate for those names.
 * The certificate's ARN exists only once the certificate is issued, so the rendered Service names the hostnames and
 * Slipway fills {@link #SSL_CERT} at apply time.
 */
public final class LoadBalancerAnnotations {
    public static final String PREFIX = "service.beta.kubernetes.io/";
    public static final String SSL_CERT = PREFIX + "aws-load-balancer-ssl-cert";
    static final int HTTPS_PORT = 443;

    private LoadBalancerAnnotations() {
    }

    static Map<String, String> nlb() {
        return Map.of(PREFIX + "aws-load-balancer-type", "nlb",
                PREFIX + "aws-load-balancer-scheme", "internet-facing",
                PREFIX + "aws-load-balancer-cross-zone-load-balancing-enabled", "true");
    }

    static Map<String, String> tls() {
        return Map.of(PREFIX + "aws-load-balancer-ssl-ports", String.valueOf(HTTPS_PORT));
    }
}
