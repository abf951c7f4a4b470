package dev.slipway.apply.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.state.AwsSettings;
import dev.slipway.testing.MotoExtension;
import dev.slipway.testing.MotoSdkProperties;
import dev.slipway.testing.MotoServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/** The cluster's tagged load balancers, read from moto's ELBv2: more than one DescribeTags batch, others left out. */
@ExtendWith(MotoExtension.class)
class TaggedLoadBalancersTest {
    @AfterEach
    void clear() {
        MotoSdkProperties.clear();
    }

    @Test
    void listsOnlyTheClustersLoadBalancersWithTheirTags(MotoServer moto) {
        MotoSdkProperties.pointAt(moto);
        String vpc = moto.ec2().createVpc(b -> b.cidrBlock("10.10.0.0/16")).vpc().vpcId();
        List<String> subnets = new ArrayList<>();
        subnets.add(moto.ec2().createSubnet(b -> b.vpcId(vpc).availabilityZone("eu-west-1a")
                .cidrBlock("10.10.1.0/24")).subnet().subnetId());
        subnets.add(moto.ec2().createSubnet(b -> b.vpcId(vpc).availabilityZone("eu-west-1b")
                .cidrBlock("10.10.2.0/24")).subnet().subnetId());
        try (AwsClients aws = new AwsClients(AwsSettings.resolve("eu-west-1"))) {
            var elb = aws.loadBalancing();
            // 22 of ours (two DescribeTags batches of at most 20), one of another cluster, one untagged
            for (int i = 0; i < 22; i++) {
                String service = "apps/svc-" + i;
                elb.createLoadBalancer(b -> b.name("ours-" + service.substring(9)).subnets(subnets)
                        .type(LoadBalancerTypeEnum.NETWORK)
                        .tags(Tag.builder().key("kubernetes.io/cluster/yourcom-acc").value("owned").build(),
                                Tag.builder().key(TaggedLoadBalancers.SERVICE_NAME_TAG).value(service).build()));
            }
            elb.createLoadBalancer(b -> b.name("theirs").subnets(subnets).type(LoadBalancerTypeEnum.NETWORK)
                    .tags(Tag.builder().key("kubernetes.io/cluster/yourcom-prod").value("owned").build()));
            elb.createLoadBalancer(b -> b.name("untagged").subnets(subnets).type(LoadBalancerTypeEnum.NETWORK));

            var found = new TaggedLoadBalancers(elb).list("kubernetes.io/cluster/yourcom-acc");
            assertThat(found).hasSize(22);
            assertThat(found).extracting(TaggedLoadBalancers.TaggedLoadBalancer::name).doesNotContain("theirs",
                    "untagged");
            var first = found.stream().filter(l -> l.name().equals("ours-0")).findFirst().orElseThrow();
            assertThat(first.service()).contains("apps/svc-0");
            assertThat(first.type()).isEqualTo("network");
            assertThat(first.dnsName()).isNotBlank();
            assertThat(new TaggedLoadBalancers(elb).list("kubernetes.io/cluster/yourcom-prod")).singleElement()
                    .satisfies(l -> assertThat(l.service()).isEmpty());
        }
    }
}
