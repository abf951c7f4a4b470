package dev.slipway.apply.aws;

import dev.slipway.render.k8s.RenderedK8s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.render.k8s.workloads.WorkloadFixtures;
import dev.slipway.spec.InvalidInputException;
import dev.slipway.testing.MotoExtension;
import dev.slipway.testing.MotoServer;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The apps' DNS records against moto's Route 53: the example's LoadBalancer Service (web, www.acc.your.com), given a
 * load balancer address as the cloud controller would set it, gets a CNAME and its ownership marker; a second run
 * changes nothing; a new load balancer updates the record; a record Slipway did not make is never overwritten.
 */
@ExtendWith(MotoExtension.class)
class AppDnsRecordsTest {
    private static final String DOMAIN = "your.com";
    private static final String LB = "a1b2-web-acc.elb.eu-west-1.amazonaws.com";

    private static Route53Client route53(MotoServer moto) {
        return Route53Client.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(moto.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** The example's acc Services with the load balancer status the AWS cloud controller would set. */
    private static List<Service> accServicesWithLoadBalancer(String hostname) {
        return WorkloadFixtures.objects(RenderedK8s.example("acc")).stream()
                .filter(o -> o instanceof Service).map(Service.class::cast)
                .map(s -> "LoadBalancer".equals(s.getSpec().getType())
                        ? new ServiceBuilder(s).withNewStatus().withNewLoadBalancer()
                                .withIngress(new LoadBalancerIngressBuilder().withHostname(hostname).build())
                                .endLoadBalancer().endStatus().build()
                        : s)
                .toList();
    }

    @Test
    void eachHostnameGetsACnameToItsLoadBalancerAndASecondRunChangesNothing(MotoServer moto) {
        try (Route53Client r53 = route53(moto)) {
            String zone = r53.createHostedZone(z -> z.name(DOMAIN).callerReference(UUID.randomUUID().toString()))
                    .hostedZone().id();
            AppDnsRecords records = new AppDnsRecords(r53);
            List<AppDnsRecords.Desired> desired = AppDnsRecords.desired(accServicesWithLoadBalancer(LB));
            assertThat(desired).containsExactly(new AppDnsRecords.Desired("www.acc.your.com", LB));

            List<AppDnsRecords.Planned> first = records.plan(DOMAIN, "acc", desired);
            assertThat(first).extracting(AppDnsRecords.Planned::outcome).containsExactly(AppDnsRecords.Outcome.CREATE);
            assertThat(records.apply(DOMAIN, "acc", first)).isEqualTo(1);

            ResourceRecordSet cname = find(r53, zone, "www.acc.your.com.", RRType.CNAME);
            assertThat(cname.resourceRecords()).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(LB));
            assertThat(cname.ttl()).isEqualTo(60L);
            assertThat(find(r53, zone, "_slipway.www.acc.your.com.", RRType.TXT).resourceRecords().get(0).value())
                    .isEqualTo("\"heritage=slipway,environment=acc\"");

            List<AppDnsRecords.Planned> second = records.plan(DOMAIN, "acc", desired);
            assertThat(second).extracting(AppDnsRecords.Planned::outcome)
                    .containsExactly(AppDnsRecords.Outcome.UNCHANGED);
            assertThat(records.apply(DOMAIN, "acc", second)).isZero();

            String newLb = "c3d4-web-acc.elb.eu-west-1.amazonaws.com";
            List<AppDnsRecords.Planned> moved = records.plan(DOMAIN, "acc",
                    AppDnsRecords.desired(accServicesWithLoadBalancer(newLb)));
            assertThat(moved).extracting(AppDnsRecords.Planned::outcome).containsExactly(AppDnsRecords.Outcome.UPDATE);
            records.apply(DOMAIN, "acc", moved);
            assertThat(find(r53, zone, "www.acc.your.com.", RRType.CNAME).resourceRecords().get(0).value())
                    .isEqualTo(newLb);
        }
    }

    @Test
    void aRecordSlipwayDidNotMakeIsNeverOverwritten(MotoServer moto) {
        try (Route53Client r53 = route53(moto)) {
            String zone = r53.createHostedZone(z -> z.name(DOMAIN).callerReference(UUID.randomUUID().toString()))
                    .hostedZone().id();
            r53.changeResourceRecordSets(c -> c.hostedZoneId(zone).changeBatch(b -> b.changes(ch -> ch
                    .action(ChangeAction.CREATE).resourceRecordSet(rs -> rs.name("www.acc.your.com").type(RRType.CNAME)
                            .ttl(300L).resourceRecords(rr -> rr.value("hand-made.example.net"))))));
            AppDnsRecords records = new AppDnsRecords(r53);

            assertThatThrownBy(() -> records.plan(DOMAIN, "acc",
                    AppDnsRecords.desired(accServicesWithLoadBalancer(LB))))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("www.acc.your.com already has a CNAME")
                    .hasMessageContaining("did not create");
            assertThat(find(r53, zone, "www.acc.your.com.", RRType.CNAME).resourceRecords().get(0).value())
                    .isEqualTo("hand-made.example.net");
        }
    }

    private static ResourceRecordSet find(Route53Client r53, String zone, String name, RRType type) {
        return r53.listResourceRecordSets(r -> r.hostedZoneId(zone)).resourceRecordSets().stream()
                .filter(r -> r.name().equals(name) && r.type() == type).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " record " + name));
    }
}
