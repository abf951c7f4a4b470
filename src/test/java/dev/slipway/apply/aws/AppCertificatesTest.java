package dev.slipway.apply.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.AcmValidationRecords;
import dev.slipway.testing.MotoExtension;
import dev.slipway.testing.MotoSdkProperties;
import dev.slipway.testing.MotoServer;
import dev.slipway.state.AwsSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The apps' certificates against moto's ACM and Route 53 (moto issues a requested certificate {@link
 * MotoServer#ACM_VALIDATION_WAIT_SECONDS} after the request, without resolving the records): a run killed after the
 * request does not request a second certificate; the certificate found later is the same; a stale certificate is
 * deleted with its validation record unless another certificate still needs that record; another environment's
 * certificate is never touched.
 */
@ExtendWith(MotoExtension.class)
class AppCertificatesTest {
    static final String HOST = "www.acc.your.com";
    AwsClients aws;
    PublicZone zone;

    @BeforeEach
    void setUp(MotoServer moto) {
        MotoSdkProperties.pointAt(moto);
        aws = new AwsClients(AwsSettings.resolve("eu-west-1"));
        aws.route53().createHostedZone(z -> z.name("your.com").callerReference("app-certificates-test"));
        zone = new PublicZone(aws.route53(), "your.com");
    }

    @AfterEach
    void tearDown() {
        aws.close();
        MotoSdkProperties.clear();
    }

    AppCertificates of(String env) {
        return new AppCertificates(aws.acm(), zone, "yourcom", env);
    }

    List<String> arns() {
        return aws.acm().listCertificates().certificateSummaryList().stream().map(c -> c.certificateArn()).toList();
    }

    /**
     * The validation records' names, once the zone holds exactly the records (name, type, value) that ACM's
     * certificates ask for and nothing else.
     */
    List<String> validationRecords() {
        assertThat(AcmValidationRecords.held(aws.route53().listResourceRecordSets(r -> r.hostedZoneId(zone.id()))
                .resourceRecordSets()))
                .as("the zone's records against DescribeCertificate's DomainValidationOptions")
                .isEqualTo(AcmValidationRecords.asked(aws.acm()));
        return zone.records(RRType.CNAME).stream().map(ResourceRecordSet::name).toList();
    }

    @Test
    void aRequestRepeatedAfterAKilledRunGetsTheSameCertificateAndAThirdPlanFindsItIssued() {
        AppCertificates acc = of("acc");
        AppCertificates.Plan first = acc.plan(Map.of("apps/web", List.of(HOST)), List.of(List.of(HOST)));
        assertThat(first.wanted()).singleElement().satisfies(p -> {
            assertThat(p.outcome()).isEqualTo(AppCertificates.Outcome.REQUEST);
            assertThat(p.arn()).isEmpty();
        });
        // The first run requested, then was killed before it recorded anything: the second run, planned before the
        // certificate was visible to it, requests again with the same idempotency token.
        List<String> progress = new ArrayList<>();
        Map<String, String> one = acc.ensure(first, Duration.ofMinutes(1), Duration.ofMillis(200), progress::add);
        Map<String, String> two = acc.ensure(first, Duration.ofMinutes(1), Duration.ofMillis(200), progress::add);
        assertThat(two).isEqualTo(one);
        assertThat(arns()).containsExactly(one.get("apps/web"));
        assertThat(progress).anyMatch(l -> l.contains("waiting for ACM to issue it"))
                .anyMatch(l -> l.endsWith(": issued"));
        assertThat(validationRecords()).hasSize(1);

        AppCertificates.Plan third = acc.plan(Map.of("apps/web", List.of(HOST)), List.of(List.of(HOST)));
        assertThat(third.wanted()).singleElement().satisfies(p -> {
            assertThat(p.outcome()).isEqualTo(AppCertificates.Outcome.READY);
            assertThat(p.arn()).contains(one.get("apps/web"));
        });
        assertThat(third.stale()).isEmpty();
    }

    @Test
    void aStaleCertificateGoesWithItsValidationRecordOnlyWhenNoOtherCertificateNeedsIt() {
        AppCertificates acc = of("acc");
        AppCertificates prod = of("prod");
        // acc's certificate for HOST, prod's for the same name (ACM gives both the same validation record), and
        // acc's for a second name.
        String accOld = acc.ensure(acc.plan(Map.of("apps/web", List.of(HOST)), List.of()), Duration.ofMinutes(1),
                Duration.ofMillis(200), l -> { }).get("apps/web");
        String prodSame = prod.ensure(prod.plan(Map.of("apps/web", List.of(HOST)), List.of()), Duration.ofMinutes(1),
                Duration.ofMillis(200), l -> { }).get("apps/web");
        String accShop = acc.ensure(acc.plan(Map.of("apps/shop", List.of("shop.acc.your.com")), List.of()),
                Duration.ofMinutes(1), Duration.ofMillis(200), l -> { }).get("apps/shop");
        assertThat(validationRecords()).hasSize(2);

        // acc's spec now names only shop: its HOST certificate is stale, prod's is not acc's to judge.
        AppCertificates.Plan plan = acc.plan(Map.of(), List.of(List.of("shop.acc.your.com")));
        assertThat(plan.stale()).extracting(AppCertificates.Owned::arn).containsExactly(accOld);
        assertThat(acc.deleteStale(plan)).containsExactly("deleted certificate " + accOld + " (" + HOST + ")");
        assertThat(arns()).containsExactlyInAnyOrder(prodSame, accShop);
        assertThat(validationRecords()).as("prod's certificate still needs HOST's record").hasSize(2);

        // prod's goes too: now HOST's record is needed by no certificate.
        AppCertificates.Plan prodPlan = prod.plan(Map.of(), List.of());
        assertThat(prodPlan.stale()).extracting(AppCertificates.Owned::arn).containsExactly(prodSame);
        prod.deleteStale(prodPlan);
        assertThat(arns()).containsExactly(accShop);
        assertThat(validationRecords()).singleElement().satisfies(n -> assertThat(n).contains("shop.acc.your.com"));
        assertThat(aws.acm().describeCertificate(r -> r.certificateArn(accShop)).certificate().status())
                .isEqualTo(CertificateStatus.ISSUED);
    }
}
