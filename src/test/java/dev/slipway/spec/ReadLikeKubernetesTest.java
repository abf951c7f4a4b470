package dev.slipway.spec;

import static dev.slipway.spec.SpecValidationTest.problemsAfter;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Specs that validated and then failed at apply, at boot or in AWS (issue 25), each refused now with one located
 * error, the rule taken from the component that would have refused it.
 */
class ReadLikeKubernetesTest {
    private static final String HEALTH = "    healthPath: /healthz";

    private static List<String> appResources(String flow) {
        return problemsAfter(HEALTH, HEALTH + "\n    resources: " + flow);
    }

    @Test
    void memoryInGigabytesIsNotAKubernetesUnit() {
        assertThat(appResources("{cpu: 1, memory: 2GB}")).containsExactly(
                "platform.yaml:34:33: apps[0].resources.memory: '2GB' is not a Kubernetes quantity (Kubernetes writes"
                        + " G (10^9 bytes) or Gi (2^30 bytes): 2Gi)");
    }

    @Test
    void memoryInMillisIsAFractionOfAByte() {
        assertThat(appResources("{cpu: 1, memory: 512m}")).containsExactly(
                "platform.yaml:34:33: apps[0].resources.memory: '512m' is a fraction of a byte ('m' means"
                        + " thousandths, not mega) (memory in bytes with Ki, Mi or Gi, e.g. 512Mi)");
    }

    @Test
    void swappedCpuAndMemoryAreOneProblem() {
        assertThat(appResources("{cpu: 256Mi, memory: 100m}")).containsExactly(
                "platform.yaml:34:22: apps[0].resources.cpu: cpu is '256Mi' and memory is '100m': the two look"
                        + " swapped (cpu: 100m, memory: 256Mi)");
    }

    @Test
    void aNegativeCpuIsRefused() {
        assertThat(appResources("{cpu: \"-1\", memory: 1Gi}")).containsExactly(
                "platform.yaml:34:22: apps[0].resources.cpu: '-1' is negative (e.g. 100m (a tenth of a core), 1 or"
                        + " 2.5)");
    }

    @Test
    void quantitiesParseAsTheApiServerParsesThem() {
        for (String ok : List.of("100m", "1", "2.5", "0.5", ".5", "1e3", "1E-2", "256Mi", "1Gi", "1G", "500k",
                "+1", "5.")) {
            assertThat(Quantity.parse(ok)).as(ok).isPresent();
            assertThat(ok).as(ok).matches(SpecPatterns.QUANTITY);
        }
        for (String bad : List.of("2GB", "1 Gi", "1gi", "Gi", "1.5.1", "1Ki2", "1e1.5", "1K", "")) {
            assertThat(Quantity.parse(bad)).as(bad).isEmpty();
        }
        assertThat(Quantity.parse("1Gi").orElseThrow().value()).isEqualByComparingTo("1073741824");
        assertThat(Quantity.parse("1e3").orElseThrow().value()).isEqualByComparingTo("1000");
        assertThat(Quantity.parse("100m").orElseThrow().value()).isEqualByComparingTo("0.1");
    }

    @Test
    void sundayAsSevenIsRefusedAsRobfigCronRefusesIt() {
        assertThat(problemsAfter("\"0 3 * * 1-5\"", "\"0 3 * * 1-7\"")).containsExactly(
                "platform.yaml:36:15: cronJobs[0].schedule: '0 3 * * 1-7': day of week field '1-7': '7' is outside 0-6"
                        + " or SUN-SAT (Sunday is 0 or SUN; 7 is not accepted) (e.g. \"0 3 * * *\" (03:00 daily) or"
                        + " @daily)");
    }

    @Test
    void aTimeZoneMustBeInTheTzDatabase() {
        assertThat(problemsAfter("\"0 3 * * 1-5\"", "\"0 3 * * 1-5\"\n    timeZone: Europe/Amstredam")).containsExactly(
                "platform.yaml:37:15: cronJobs[0].timeZone: 'Europe/Amstredam' is not an IANA time zone (did you mean"
                        + " Europe/Amsterdam?)");
        assertThat(problemsAfter("\"0 3 * * 1-5\"", "\"0 3 * * 1-5\"\n    timeZone: Local")).singleElement()
                .asString().contains("'Local' is not an IANA time zone");
        assertThat(problemsAfter("\"0 3 * * 1-5\"", "\"0 3 * * 1-5\"\n    timeZone: CEST")).singleElement()
                .asString().contains("'CEST' is not an IANA time zone");
    }

    @Test
    void theKubeletRefusesLabelsInTheKubernetesNamespaces() {
        assertThat(problemsAfter("labels: {demo.example.com/pool: general}",
                "labels: {node-role.kubernetes.io/worker: \"\"}")).containsExactly(
                "platform.yaml:55:18: environments.acc.workerPools[0].labels[node-role.kubernetes.io/worker]: the"
                        + " kubelet does not set node-role.kubernetes.io/worker on its own node (the kubernetes.io and"
                        + " k8s.io namespaces are reserved; the node would not start) (use your own prefix, e.g."
                        + " example.com/worker, or node.kubernetes.io/worker)");
        // k8s.io/kubelet's IsKubeletLabel: its own namespaces and subdomains of them, and the listed keys.
        for (String allowed : List.of("node.kubernetes.io/pool", "x.node.kubernetes.io/a", "kubelet.kubernetes.io/a",
                "topology.kubernetes.io/zone", "kubernetes.io/arch", "example.com/kubernetes.io")) {
            assertThat(NodeRules.kubeletRefuses(allowed)).as(allowed).isFalse();
        }
        for (String refused : List.of("kubernetes.io/role", "k8s.io/x", "sub.k8s.io/x", "node-role.kubernetes.io/w",
                "node-restriction.kubernetes.io/x")) {
            assertThat(NodeRules.kubeletRefuses(refused)).as(refused).isTrue();
        }
    }

    @Test
    void anEbsVolumeBelowItsTypesMinimumIsRefused() {
        assertThat(problemsAfter("  acc:\n    network:", "  acc:\n    volumes:\n      metrics: {sizeGb: 20, type: st1}\n"
                + "    network:")).containsExactly(
                "platform.yaml:43:25: environments.acc.volumes.metrics.sizeGb: 20 GiB is below the smallest st1 volume"
                        + " (125 GiB) (at least 125, or type gp3 for a small volume)");
    }

    @Test
    void aVpcTooSmallForTheSubnetLayoutIsRefusedBeforeRendering() {
        assertThat(problemsAfter("vpcCidr: 10.10.0.0/16", "vpcCidr: 10.10.0.0/28")).containsExactly(
                "platform.yaml:43:16: environments.acc.network.vpcCidr: a /28 VPC holds 0 public and 0 private /28"
                        + " subnets (AWS's smallest), but 2 zones need 2 of each (use a larger VPC, e.g. /24 or /16)");
        assertThat(problemsAfter("vpcCidr: 10.10.0.0/16", "vpcCidr: 10.10.0.0/27")).singleElement().asString()
                .contains("a /27 VPC holds 1 public and 1 private /28 subnets");
        Platform fits = SpecReader.parse(SpecValidationTest.valid().replace("vpcCidr: 10.10.0.0/16",
                "vpcCidr: 10.10.0.0/26"), "platform.yaml");
        assertThat(SubnetLayout.of(fits.environment("acc").orElseThrow()).privateSubnets())
                .extracting(Cidr::toString).containsExactly("10.10.0.32/28", "10.10.0.48/28");
    }

    @Test
    void nodesMustFitThePrivateSubnets() {
        // A /26 holds the layout: two private /28s, 11 usable addresses each after AWS's 5.
        String text = SpecValidationTest.valid().replace("vpcCidr: 10.10.0.0/16", "vpcCidr: 10.10.0.0/26")
                .replace("        desired: 2\n        max: 3\n", "        desired: 2\n        max: 20\n");
        SpecException e = org.assertj.core.api.Assertions.catchThrowableOfType(SpecException.class,
                () -> SpecReader.parse(text, "platform.yaml"));
        assertThat(e.problems()).extracting(Problem::format).containsExactly(
                "platform.yaml:43:16: environments.acc.network.vpcCidr: the private subnets of a /26 VPC offer 22"
                        + " addresses, but 21 nodes (controllers and every pool at max) and the internal API load"
                        + " balancer need 23 (use a larger VPC, e.g. /16, or lower the pools' max)");
    }

    @Test
    void moreThanSevenMongoMembersCannotAllVote() {
        assertThat(problemsAfter("  secret: mongo-creds", "  secret: mongo-creds\n  replicas: 9")).containsExactly(
                "platform.yaml:17:13: mongo.replicas: 9 members: every member Slipway adds votes, and a MongoDB"
                        + " replica set has at most 7 voting members (use 1, 3, 5 or 7)");
    }

    @Test
    void anAppHostnameSlipwayOwnsOrAnotherEnvironmentClaimsIsRefused() {
        assertThat(problemsAfter("[www.acc.demo.example.com]", "[api.acc.demo.example.com]")).containsExactly(
                "platform.yaml:57:36: environments.acc.apps[0].hostnames[0]: api.acc.demo.example.com is the API name"
                        + " of environment acc, which Slipway makes itself (give the app another name, e.g."
                        + " www.acc.demo.example.com)");
        assertThat(problemsAfter("[www.acc.demo.example.com]", "[api.demo.example.com]")).containsExactly(
                "platform.yaml:32:17: apps[0].hostnames[0]: api.demo.example.com is claimed by environment acc too;"
                        + " its DNS record can point at one load balancer only (give each environment its own name,"
                        + " e.g. api.prod.demo.example.com (override apps by name in environments.prod))");
    }

    @Test
    void anEnvironmentWhoseBucketIsAnotherBucketIsRefused() {
        assertThat(problemsAfter("  acc:\n    network:", "  infra:\n    network:")).containsExactly(
                "platform.yaml:41:3: environments.infra: its bucket demo-infra is the infra bucket (choose another"
                        + " environment name)");
    }

    @Test
    void theClusterDomainCannotBeThePlatformsDomain() {
        assertThat(problemsAfter("version: v1.36.3", "version: v1.36.3\n  clusterDomain: demo.example.com"))
                .containsExactly("platform.yaml:11:18: kubernetes.clusterDomain: demo.example.com is the platform's"
                        + " domain: CoreDNS would answer for it inside the cluster, and Pods could not resolve the"
                        + " public names (api.ENV.demo.example.com, the apps) (a name of its own, e.g. cluster.local)");
    }

    @Test
    void whenEveryPoolIsTaintedNothingCanBeScheduled() {
        assertThat(problemsAfter("dedicated=general:PreferNoSchedule", "dedicated=general:NoSchedule"))
                .containsExactly("platform.yaml:56:18: environments.acc.workerPools[0].taints[0]: every worker pool"
                        + " is tainted (NoSchedule or NoExecute), so apps, cron jobs and add-ons, which tolerate no"
                        + " pool taint, can run nowhere (leave one pool untainted, or use PreferNoSchedule)");
    }

    @Test
    void aControllerTooSmallOrAMacIsRefused() {
        assertThat(problemsAfter("instanceType: t3.medium", "instanceType: t3.micro")).containsExactly(
                "platform.yaml:48:21: environments.acc.controllers.instanceType: t3.micro is too small for a"
                        + " controller (kubeadm asks for at least 2 CPUs and 1700 MB) (e.g. t3.medium or m6i.large)");
        assertThat(problemsAfter("instanceType: t3.large", "instanceType: mac1.metal")).singleElement().asString()
                .contains("mac1.metal is an EC2 Mac instance: it runs only on a Dedicated Host");
    }

    @Test
    void aCronJobNamedLikeAnAppIsRefused() {
        assertThat(problemsAfter("  - name: report", "  - name: api")).containsExactly(
                "platform.yaml:35:11: cronJobs[0].name: app 'api' has this name too: its Service, disruption budget"
                        + " and spread select Pods by name, and would take the job's Pods for the app's (give the cron"
                        + " job its own name, e.g. api-job)");
    }

    @Test
    void metricsRetentionBeyondPrometheusDurationsIsRefused() {
        assertThat(problemsAfter("  channel: stable\n", "  channel: stable\naddons: {metrics: {retentionDays: 200000}}\n"))
                .singleElement().asString().contains("200000 days do not fit Prometheus' retention");
    }

    @Test
    void renamingASecretIsOneProblem() throws IOException {
        assertThat(problemsAfter("  api-secrets:\n", "  app-secrets:\n")).containsExactly(
                "platform.yaml:31:15: apps[0].secrets[0]: no secret named 'api-secrets'; line 39 names it too (did you"
                        + " mean app-secrets?)");
        // The example's prod overrides the secret's prefix: renamed at the top only, that override is one more
        // reference to the old name, not a secret without keys, and not a prefix shared with acc.
        String example = Files.readString(Path.of("examples/yourcom/platform.yaml"));
        SpecException e = org.assertj.core.api.Assertions.catchThrowableOfType(SpecException.class, () ->
                SpecReader.parse(example.replace("  api-secrets:\n    keys", "  app-secrets:\n    keys"),
                        "platform.yaml"));
        assertThat(e.problems()).extracting(Problem::format).singleElement().asString()
                .matches("platform.yaml:\\d+:\\d+: apps\\[0\\]\\.secrets\\[0\\]: no secret named 'api-secrets'; lines"
                        + " \\d+, \\d+ name it too \\(did you mean app-secrets\\?\\)");
    }

    @Test
    void topLevelExtensionKeysHoldAnchorsAndAreIgnored() {
        Platform p = SpecReader.parse("x-types: {large: &large m6i.2xlarge}\n"
                + SpecValidationTest.valid().replace("        instanceType: m6i.xlarge\n",
                        "        instanceType: *large\n"), "platform.yaml");
        assertThat(p.environment("prod").orElseThrow().workerPools().get(0).instanceType()).isEqualTo("m6i.2xlarge");
        assertThat(problemsAfter("name: demo", "name: demo\nxpool: 1")).singleElement().asString()
                .contains("unknown key 'xpool'");
    }
}
