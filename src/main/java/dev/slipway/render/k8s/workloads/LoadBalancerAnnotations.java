package dev.slipway.render.k8s.workloads;

import dev.slipway.spec.AppSpec;
import java.util.Map;

/**
 * What the AWS cloud controller manager reads from a {@code LoadBalancer} Service: a Network Load Balancer, internet
 * facing, across zones; for an app with hostnames also a TLS listener on the port named {@link AppSpec#HTTPS_PORT_NAME}.
 *
 * <p>HTTPS: the listener's certificate ({@link #SSL_CERT}) is the app's ACM certificate, which exists only once ACM
 * issued it, so it is not rendered: {@code deploy} puts its ARN on the Service before applying it
 * (operate/deploy/DeployAwsSteps), and never applies a Service with hostnames without one (the cloud controller would
 * make 443 a plain TCP listener forwarding TLS to an HTTP port). The names read here are those of the cloud
 * controller's source (kubernetes/cloud-provider-aws, {@code pkg/providers/v1/aws.go}): with a certificate, the ports
 * in {@link #SSL_PORTS} (by number or name) get a TLS listener with {@link #SSL_POLICY}; the others stay TCP.
 */
public final class LoadBalancerAnnotations {
    /** Slipway's own: the app's hostnames, for its certificate and DNS records (apply/aws). */
    public static final String HOSTNAMES = "slipway.dev/hostnames";
    public static final String PREFIX = "service.beta.kubernetes.io/";
    public static final String SSL_CERT = PREFIX + "aws-load-balancer-ssl-cert";
    public static final String SSL_PORTS = PREFIX + "aws-load-balancer-ssl-ports";
    public static final String SSL_POLICY = PREFIX + "aws-load-balancer-ssl-negotiation-policy";
    /**
     * TLS 1.3 and 1.2 only, forward-secret ciphers: the policy AWS recommends for new listeners (its console's
     * default since 2023). Pinned here, not per app.
     */
    static final String TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

    private LoadBalancerAnnotations() {
    }

    /**
     * A Network Load Balancer, internet facing, across zones. The cloud controller decides the scheme from
     * {@code aws-load-balancer-internal} alone (pkg/providers/v1/aws.go {@code EnsureLoadBalancer}, v1.36.1: absent or
     * "false" is internet facing); {@code aws-load-balancer-scheme} is the AWS Load Balancer Controller's annotation,
     * which it never reads. "false" is rendered so the Service says what it gets.
     */
    static Map<String, String> nlb() {
        return Map.of(PREFIX + "aws-load-balancer-type", "nlb",
                PREFIX + "aws-load-balancer-internal", "false",
                PREFIX + "aws-load-balancer-cross-zone-load-balancing-enabled", "true");
    }

    /** The TLS listener's settings, all but the certificate. */
    static Map<String, String> https() {
        return Map.of(SSL_PORTS, AppSpec.HTTPS_PORT_NAME, SSL_POLICY, TLS_POLICY);
    }
}
