package dev.slipway.operate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.apply.aws.AppCertificates;
import dev.slipway.apply.aws.AppDnsRecords;
import dev.slipway.apply.aws.PublicZone;
import software.amazon.awssdk.services.route53.model.RRType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.apply.aws.AwsClients;
import dev.slipway.pki.ClusterAdminsBinding;
import dev.slipway.spec.Environment;
import dev.slipway.state.AwsSettings;
import dev.slipway.testing.CliRun;
import dev.slipway.testing.CloudControllerStandIn;
import dev.slipway.testing.GoldenFiles;
import dev.slipway.testing.KubernetesApiProxy;
import dev.slipway.testing.KubernetesControlPlane;
import dev.slipway.testing.MotoExtension;
import dev.slipway.testing.MotoSdkProperties;
import dev.slipway.testing.MotoServer;
import dev.slipway.testing.StubTerraform;
import dev.slipway.testing.WriteWatch;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/**
 * {@code slipway down} as a user runs it, against the harness's real API server (started with the PKI
 * {@code slipway certs} made for acc), moto (EC2, ELBv2) and a stub terraform that records its calls. No cloud
 * controller runs on the harness: {@link CloudControllerStandIn} stands in for the AWS cloud controller manager,
 * creating an NLB, a target group and a security group in moto for each LoadBalancer Service (tagged for the cluster
 * and the Service, as the real one tags them) and deleting them a little after the Service is deleted.
 */
@ExtendWith(MotoExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DownCommandTest {
    static final String CLUSTER_TAG = "kubernetes.io/cluster/yourcom-acc";

    @TempDir
    static Path dir;
    static Path spec;
    static KubernetesControlPlane cp;
    static KubernetesClient admin;
    /** A recording proxy in front of the API server, and a kubeconfig naming it: what sees the API writes. */
    static KubernetesApiProxy proxy;
    static Path proxyKubeconfig;

    Path log;
    final Map<String, String> environment = new HashMap<>();
    AwsClients aws;
    CloudControllerStandIn ccm;
    String vpc;

    @BeforeAll
    static void startCluster() throws Exception {
        spec = dir.resolve("platform/platform.yaml");
        Files.createDirectories(spec.getParent());
        Files.copy(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"), spec);
        CliRun certs = CliRun.of("certs", "--env", "acc", "-f", spec.toString());
        assertThat(certs.exitCode()).as(certs.all()).isZero();
        cp = KubernetesControlPlane.builder().pki(spec.getParent().resolve(".slipway/acc/pki")).start();
        admin = cp.client();
        // What the controllers' bootstrap does: bind the admin group to cluster-admin.
        admin.resource(ClusterAdminsBinding.manifest()).create();
        CliRun kubeconfig = CliRun.of("kubeconfig", "--env", "acc", "-f", spec.toString(), "--server",
                cp.apiserverUrl());
        assertThat(kubeconfig.exitCode()).as(kubeconfig.all()).isZero();
        proxy = new KubernetesApiProxy(cp);
        proxyKubeconfig = dir.resolve("proxy.conf");
        CliRun viaProxy = CliRun.of("kubeconfig", "--env", "acc", "-f", spec.toString(), "--server", proxy.url(),
                "--output-file", proxyKubeconfig.toString());
        assertThat(viaProxy.exitCode()).as(viaProxy.all()).isZero();
    }

    @AfterAll
    static void stopCluster() {
        if (proxy != null) {
            proxy.close();
        }
        if (cp != null) {
            cp.close();
        }
    }

    @BeforeEach
    void setUp(MotoServer moto, @TempDir Path tmp) throws IOException {
        MotoSdkProperties.pointAt(moto);
        aws = new AwsClients(AwsSettings.resolve("eu-west-1"));
        vpc = aws.ec2().createVpc(b -> b.cidrBlock("10.10.0.0/16")).vpc().vpcId();
        List<String> subnets = List.of(
                aws.ec2().createSubnet(b -> b.vpcId(vpc).cidrBlock("10.10.0.0/20").availabilityZone("eu-west-1a"))
                        .subnet().subnetId(),
                aws.ec2().createSubnet(b -> b.vpcId(vpc).cidrBlock("10.10.16.0/20").availabilityZone("eu-west-1b"))
                        .subnet().subnetId());
        // Terraform's own API load balancer: tagged for the cluster and with slipway/env; never the scan's.
        aws.loadBalancing().createLoadBalancer(b -> b.name("yourcom-acc-api").type(LoadBalancerTypeEnum.NETWORK)
                .subnets(subnets).tags(Tag.builder().key(CLUSTER_TAG).value("owned").build(),
                        Tag.builder().key(Environment.TERRAFORM_ENV_TAG).value("acc").build()));
        // A volume the EBS CSI driver made for a claim: data, kept by down.
        aws.ec2().createVolume(b -> b.availabilityZone("eu-west-1a").size(20).tagSpecifications(t -> t
                .resourceType(ResourceType.VOLUME).tags(ec2Tag(CLUSTER_TAG, "owned"),
                        ec2Tag("kubernetes.io/created-for/pvc/namespace", "shop"),
                        ec2Tag("kubernetes.io/created-for/pvc/name", "data"))));
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        log = tmp.resolve("terraform.log");
        StubTerraform.install(bin, "terraform");
        environment.put("PATH", bin + ":/usr/bin:/bin");
        environment.put("HOME", tmp.toString());
        environment.put("STUB_LOG", log.toString());
        environment.put("STUB_CONVERGES", "1");
        ccm = new CloudControllerStandIn(admin, aws.loadBalancing(), aws.ec2(), "yourcom-acc", vpc, subnets,
                Duration.ofSeconds(3), log);
        // The infrastructure exists: Terraform applied it (the stub records that it did).
        CliRun apply = run("infra", "apply", "--env", "acc", "--yes");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
    }

    @AfterEach
    void tearDown() {
        ccm.close();
        assertThat(ccm.failure()).as("the cloud controller stand-in ran without failing").isNull();
        aws.close();
        MotoSdkProperties.clear();
    }

    static software.amazon.awssdk.services.ec2.model.Tag ec2Tag(String key, String value) {
        return software.amazon.awssdk.services.ec2.model.Tag.builder().key(key).value(value).build();
    }

    CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-f", spec.toString()));
        return CliRun.in(environment, all.toArray(String[]::new));
    }

    List<String> calls() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** Two LoadBalancer Services and a claim in {@code ns}; returns once the stand-in made both load balancers. */
    void shop(String ns) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .create();
        for (String name : List.of("web", "api")) {
            admin.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName(name)
                    .endMetadata().withNewSpec().withType("LoadBalancer").addToSelector("app", name).addNewPort()
                    .withPort(443).endPort().endSpec().build()).create();
        }
        admin.persistentVolumeClaims().inNamespace(ns).resource(new PersistentVolumeClaimBuilder().withNewMetadata()
                .withName("data").endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build()).create();
        await("the stand-in made both load balancers", () -> ccm.provisioned() == 2
                && clusterOwned("load balancer") == 2);
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited for: " + what).isLessThan(deadline);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * How many resources of {@code kind} moto holds tagged for the cluster and not by Terraform: counted here
     * straight from the SDK, not through the scan under test.
     */
    long clusterOwned(String kind) {
        return switch (kind) {
            case "load balancer" -> aws.loadBalancing().describeLoadBalancers().loadBalancers().stream()
                    .filter(l -> elbTags(l.loadBalancerArn()).containsKey(CLUSTER_TAG)
                            && !elbTags(l.loadBalancerArn()).containsKey(Environment.TERRAFORM_ENV_TAG)).count();
            case "target group" -> aws.loadBalancing().describeTargetGroups().targetGroups().stream()
                    .filter(g -> elbTags(g.targetGroupArn()).containsKey(CLUSTER_TAG)).count();
            case "security group" -> aws.ec2().describeSecurityGroups(b -> b.filters(Filter.builder()
                    .name("tag-key").values(CLUSTER_TAG).build())).securityGroups().size();
            case "volume" -> aws.ec2().describeVolumes(b -> b.filters(Filter.builder().name("tag-key")
                    .values(CLUSTER_TAG).build())).volumes().size();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    Map<String, String> elbTags(String arn) {
        Map<String, String> tags = new HashMap<>();
        aws.loadBalancing().describeTags(b -> b.resourceArns(arn)).tagDescriptions().forEach(d -> d.tags()
                .forEach(t -> tags.put(t.key(), t.value())));
        return tags;
    }

    /** A certificate as deploy requests it for {@code env}'s Service apps/web. */
    String certificate(String hostname, String env) {
        return aws.acm().requestCertificate(c -> c.domainName(hostname).validationMethod("DNS").tags(
                software.amazon.awssdk.services.acm.model.Tag.builder().key(AppCertificates.PLATFORM_TAG)
                        .value("yourcom").build(),
                software.amazon.awssdk.services.acm.model.Tag.builder().key(AppCertificates.ENV_TAG).value(env)
                        .build(),
                software.amazon.awssdk.services.acm.model.Tag.builder().key(AppCertificates.SERVICE_TAG)
                        .value("apps/web").build())).certificateArn();
    }

    long servicesLeft(String ns) {
        return admin.services().inNamespace(ns).list().getItems().size();
    }

    @Test
    @Order(1)
    void dryRunStatesTheDataAndDeletesNothing(MotoServer moto) throws IOException {
        shop("shop-a");
        List<String> before = calls();
        // The spec's folder and HOME by content, every AWS request and object version, every API request.
        WriteWatch watch = WriteWatch.start(List.of(spec.getParent(), Path.of(environment.get("HOME"))), moto,
                proxy);
        CliRun r = run("down", "--env", "acc", "--dry-run", "--kubeconfig", proxyKubeconfig.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(watch.apiRequests()).as("the run went through the proxy").isNotEmpty();
        assertThat(watch.writes()).as("written by down --dry-run").isEmpty();
        assertThat(r.out()).contains("Down plan for acc (dry run: nothing is changed)",
                "load balancers", "to-do", "2 to delete: shop-a/api, shop-a/web",
                "load balancer k8s-web-", "(Service shop-a/web)",
                "app bucket s3://yourcom-acc", "EBS volumes are KEPT", "1 volumes tagged for the cluster now, 20 GiB",
                "snapshots of the daily policy: KEPT");
        assertThat(servicesLeft("shop-a")).isEqualTo(2);
        assertThat(admin.services().inNamespace("shop-a").withName("web").get().getMetadata()
                .getDeletionTimestamp()).isNull();
        assertThat(admin.persistentVolumeClaims().inNamespace("shop-a").withName("data").get()).isNotNull();
        assertThat(clusterOwned("load balancer")).isEqualTo(2);
        assertThat(calls()).as("a dry run runs no terraform").isEqualTo(before);

        JsonNode json = new ObjectMapper().readTree(run("down", "--env", "acc", "--dry-run", "-o", "json").out());
        assertThat(json.at("/result/steps/0/status").asText()).isEqualTo("to-do");
        assertThat(json.at("/result/steps/3/status").asText()).isEqualTo("pending");
        assertThat(json.at("/result/steps/4/status").asText()).isEqualTo("pending");
        assertThat(json.at("/result/tagged")).hasSize(7);
        assertThat(json.at("/result/data/1").asText()).contains("KEPT");

        // Without a terminal and without --yes nothing is deleted either.
        CliRun unasked = run("down", "--env", "acc");
        assertThat(unasked.exitCode()).as(unasked.all()).isEqualTo(2);
        assertThat(unasked.err()).contains("no terminal to ask on", "pass --yes");
        assertThat(servicesLeft("shop-a")).isEqualTo(2);

        // Leave the cluster clean for the next test, through the stand-in as a user would.
        admin.services().inNamespace("shop-a").delete();
        await("shop-a's Services gone", () -> servicesLeft("shop-a") == 0);
        admin.persistentVolumeClaims().inNamespace("shop-a").delete();
    }

    @Test
    @Order(2)
    void deletesTheServicesAndClaimsWaitsUntilNothingTaggedRemainsThenDestroys() throws IOException {
        shop("shop-b");
        // What deploy made for acc's hostnames, beside what is not acc's: prod's record and certificate, a CNAME
        // made by hand.
        String zone = aws.route53().createHostedZone(z -> z.name("your.com").callerReference("down-test")).hostedZone()
                .id();
        String zoneId = zone.substring(zone.lastIndexOf('/') + 1);
        AppDnsRecords records = new AppDnsRecords(aws.route53());
        records.apply("your.com", "acc", records.plan("your.com", "acc", List.of(
                new AppDnsRecords.Desired("www.acc.your.com", "k8s-web.elb.eu-west-1.amazonaws.com"))));
        records.apply("your.com", "prod", records.plan("your.com", "prod", List.of(
                new AppDnsRecords.Desired("www.your.com", "k8s-prod.elb.eu-west-1.amazonaws.com"))));
        aws.route53().changeResourceRecordSets(c -> c.hostedZoneId(zoneId).changeBatch(b -> b.changes(
                PublicZone.upsert("shop.acc.your.com", RRType.CNAME, 60, "elsewhere.example.com"))));
        String accCert = certificate("www.acc.your.com", "acc");
        String prodCert = certificate("www.your.com", "prod");

        CliRun r = run("down", "--env", "acc", "--yes", "--wait-timeout", "60");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.err()).contains("down [1/5] load balancers", "down [3/5] cloud cleared", "down [4/5] app"
                + " hostnames", "down [5/5] infra destroy");
        List<String> names = aws.route53().listResourceRecordSets(l -> l.hostedZoneId(zoneId)).resourceRecordSets()
                .stream().map(x -> x.name()).toList();
        assertThat(names).doesNotContain("www.acc.your.com.", "_slipway.www.acc.your.com.")
                .contains("www.your.com.", "_slipway.www.your.com.", "shop.acc.your.com.");
        assertThat(aws.acm().listCertificates().certificateSummaryList()).extracting(c -> c.certificateArn())
                .containsExactly(prodCert).doesNotContain(accCert);
        assertThat(r.out()).contains("Down acc: every step done",
                "0 load balancers, 0 target groups, 0 security groups tagged for the cluster");

        assertThat(clusterOwned("load balancer")).isZero();
        assertThat(clusterOwned("target group")).isZero();
        assertThat(clusterOwned("security group")).isZero();
        assertThat(clusterOwned("volume")).as("the claim's volume is kept (Retain)").isEqualTo(1);
        assertThat(aws.loadBalancing().describeLoadBalancers().loadBalancers()).as("Terraform's own is Terraform's")
                .extracting(l -> l.loadBalancerName()).containsExactly("yourcom-acc-api");
        assertThat(servicesLeft("shop-b")).isZero();
        assertThat(admin.persistentVolumeClaims().inNamespace("shop-b").withName("data").get()).satisfiesAnyOf(
                c -> assertThat(c).isNull(), c -> assertThat(c.getMetadata().getDeletionTimestamp()).isNotNull());

        // The order: both Services' load balancers were gone before Terraform planned the destroy.
        List<String> calls = calls();
        int lastCcmDelete = -1;
        int destroyPlan = -1;
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).startsWith("ccm deleted")) {
                lastCcmDelete = i;
            }
            if (calls.get(i).endsWith("plan -no-color -input=false -out=tfplan -destroy")) {
                destroyPlan = i;
            }
        }
        assertThat(calls.stream().filter(c -> c.startsWith("ccm deleted"))).hasSize(2);
        assertThat(destroyPlan).as(String.join("\n", calls)).isGreaterThan(lastCcmDelete);
        assertThat(calls.get(calls.size() - 1)).endsWith(" apply -no-color -input=false tfplan");

        // Run again: every step is found done, nothing is asked (no --yes), nothing runs.
        int callsBefore = calls.size();
        CliRun again = run("down", "--env", "acc");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.out()).contains("already-done").doesNotContain("to-do");
        assertThat(calls().subList(callsBefore, calls().size())).noneMatch(c -> c.endsWith("apply -no-color"
                + " -input=false tfplan"));
    }

    @Test
    @Order(3)
    void anOrphanIsReportedAfterTheTimeoutAndDeleteOrphansRemovesIt() throws IOException {
        // A load balancer of a Service that no longer exists (the controller was down when it was deleted).
        String sg = aws.ec2().createSecurityGroup(b -> b.groupName("k8s-gone").description("orphan").vpcId(vpc)
                .tagSpecifications(t -> t.resourceType(ResourceType.SECURITY_GROUP).tags(ec2Tag(CLUSTER_TAG,
                        "owned")))).groupId();
        String subnet = aws.ec2().describeSubnets(b -> b.filters(Filter.builder().name("vpc-id").values(vpc)
                .build())).subnets().get(0).subnetId();
        aws.loadBalancing().createLoadBalancer(b -> b.name("k8s-gone").type(LoadBalancerTypeEnum.NETWORK)
                .subnets(subnet).securityGroups(sg).tags(Tag.builder().key(CLUSTER_TAG).value("owned").build(),
                        Tag.builder().key("kubernetes.io/service-name").value("shop/gone").build()));

        CliRun reported = run("down", "--env", "acc", "--yes", "--wait-timeout", "2");
        assertThat(reported.exitCode()).as(reported.all()).isEqualTo(1);
        assertThat(reported.err()).contains("down stopped at 'cloud cleared'", "still tagged for the cluster after"
                + " 2 s", "load balancer k8s-gone (Service shop/gone)", "security group k8s-gone",
                "Nothing was destroyed", "--delete-orphans");
        assertThat(calls()).noneMatch(c -> c.endsWith("-destroy"));
        assertThat(clusterOwned("load balancer")).isEqualTo(1);

        CliRun cleared = run("down", "--env", "acc", "--yes", "--wait-timeout", "2", "--delete-orphans");
        assertThat(cleared.exitCode()).as(cleared.all()).isZero();
        assertThat(cleared.out()).contains("deleted 2 orphans");
        assertThat(clusterOwned("load balancer")).isZero();
        assertThat(clusterOwned("security group")).isZero();
        assertThat(clusterOwned("volume")).as("volumes are data, never orphans").isEqualTo(1);
        assertThat(calls()).anyMatch(c -> c.endsWith("-destroy"));
    }

    @Test
    @Order(4)
    void aProtectedEnvironmentIsRefusedBeforeAnythingIsTouched() throws IOException {
        List<String> before = calls();
        CliRun r = run("down", "--env", "prod", "--yes", "--confirm", "prod");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("prevent_destroy", "deletion protection", "nothing was changed",
                "protected: false", "slipway infra apply --env prod");
        assertThat(calls()).isEqualTo(before);
    }
}
