package dev.slipway.apply.aws;

import dev.slipway.state.AwsSettings;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * The one place that builds the AWS clients day-2 needs (EC2, Auto Scaling, ELBv2, Route 53, IAM, ACM, STS) for an
 * environment's {@link AwsSettings}; S3 has its own builder ({@code state/S3Clients}) sized for the sync. Both take
 * their credentials from the settings' one chain per environment ({@code state/EnvironmentCredentials}).
 *
 * <p>Endpoints are left to the SDK's own resolution, which follows the same variables as the AWS CLI
 * ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_EC2}, …, the system property {@code aws.endpointUrl}, and
 * {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS}); that is how tests point Slipway at moto. Clients are made on first
 * use and closed together.
 */
public final class AwsClients implements AutoCloseable {
    private final AwsSettings settings;
    private final SdkHttpClient http;
    private Ec2Client ec2;
    private AutoScalingClient autoScaling;
    private ElasticLoadBalancingV2Client loadBalancing;
    private Route53Client route53;
    private IamClient iam;
    private AcmClient acm;
    private software.amazon.awssdk.services.sts.StsClient sts;

    /**
     * Every client uses {@code settings}' one credentials chain (the environment's role, when it names one), checked
     * first against the environment's declared account.
     */
    public AwsClients(AwsSettings settings) {
        settings.credentials().verify();
        this.settings = settings;
        this.http = ApacheHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(60))
                .build();
    }

    public synchronized Ec2Client ec2() {
        return ec2 = built(ec2, () -> regional(Ec2Client.builder()));
    }

    public synchronized AutoScalingClient autoScaling() {
        return autoScaling = built(autoScaling, () -> regional(AutoScalingClient.builder()));
    }

    public synchronized ElasticLoadBalancingV2Client loadBalancing() {
        return loadBalancing = built(loadBalancing, () -> regional(ElasticLoadBalancingV2Client.builder()));
    }

    /** ACM in the environment's region: a load balancer can only use a certificate of its own region. */
    public synchronized AcmClient acm() {
        return acm = built(acm, () -> regional(AcmClient.builder()));
    }

    /** Route 53 and IAM are global services: their clients are pinned to the global region. */
    public synchronized Route53Client route53() {
        return route53 = built(route53, () -> global(Route53Client.builder()));
    }

    public synchronized IamClient iam() {
        return iam = built(iam, () -> global(IamClient.builder()));
    }

    /** STS in the environment's region (regional endpoints: the SDK's default). */
    public synchronized software.amazon.awssdk.services.sts.StsClient sts() {
        return sts = built(sts, () -> regional(software.amazon.awssdk.services.sts.StsClient.builder()));
    }

    public AwsSettings settings() {
        return settings;
    }

    private static <C> C built(C existing, Supplier<C> make) {
        return existing != null ? existing : make.get();
    }

    private <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C>
            C regional(B builder) {
        return builder.region(settings.region())
                .credentialsProvider(settings.credentials())
                .httpClient(http).build();
    }

    private <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C>
            C global(B builder) {
        return builder.region(Region.AWS_GLOBAL)
                .credentialsProvider(settings.credentials())
                .httpClient(http).build();
    }

    @Override
    public synchronized void close() {
        for (Object c : new Object[] {ec2, autoScaling, loadBalancing, route53, iam, acm, sts}) {
            if (c instanceof SdkClient client) {
                client.close();
            }
        }
        http.close();
    }
}
