package dev.slipway.spec;

import static dev.slipway.spec.SpecValidationTest.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spot pools (issue 28): each rule of a pool's {@code spot:} block, located, on prod of {@code valid.yaml} with a
 * second pool {@code batch} (lines 73-80) and an operator role added after its on-demand pool.
 */
class SpotPoolValidationTest {
    private static final String SPOT_POOL = """
                  max: 6
                - name: batch
                  instanceType: m6i.large
                  min: 0
                  desired: 2
                  max: 6
                  spot:
                    onDemandBase: 1
                    instanceTypes: [m6i.large, m5.large]
          """;

    /** valid.yaml with the spot pool, then {@code find} (once in the pool's text) replaced by {@code replace}. */
    static String withSpotPool(String find, String replace) {
        String pool = SPOT_POOL;
        if (!find.isEmpty()) {
            assertThat(pool.indexOf(find)).as("'%s' in the spot pool", find).isGreaterThanOrEqualTo(0);
            assertThat(pool.indexOf(find, pool.indexOf(find) + 1)).as("'%s' once in the spot pool", find)
                    .isEqualTo(-1);
        }
        String text = valid();
        assertThat(text.indexOf("        max: 6\n")).isEqualTo(text.lastIndexOf("        max: 6\n"));
        return withOperatorRole(text.replace("        max: 6\n", pool.replace(find, replace)));
    }

    /** A spot pool needs an operator role (the handler's queue URL names the account). */
    static String withOperatorRole(String spec) {
        return spec.replace("  zones: [eu-west-1a, eu-west-1b]\n", "  zones: [eu-west-1a, eu-west-1b]\n"
                + "  operatorRoles: [arn:aws:iam::123456789012:role/ops]\n");
    }

    static List<String> problems(String spec) {
        SpecException e = catchThrowableOfType(SpecException.class, () -> SpecReader.parse(spec, "platform.yaml"));
        assertThat(e).as("a spec error").isNotNull();
        return e.problems().stream().map(Problem::format).toList();
    }

    static List<String> warnings(String spec) {
        return SpecReader.parse(spec, "platform.yaml").warnings().stream().map(Problem::format)
                .filter(w -> w.contains("spot")).toList();
    }

    @Test
    void aMixedPoolValidatesAndIsRead() {
        Platform p = SpecReader.parse(withSpotPool("", ""), "platform.yaml");
        WorkerPoolSpec batch = p.environment("prod").orElseThrow().workerPools().get(1);
        assertThat(batch.spot()).isEqualTo(new SpotSpec(1, 0, List.of("m6i.large", "m5.large"),
                "price-capacity-optimized"));
        assertThat(batch.hasSpot()).isTrue();
        assertThat(p.environment("prod").orElseThrow().workerPools().get(0).spot()).isNull();
        assertThat(warnings(withSpotPool("", ""))).isEmpty();
    }

    /** Graviton merge: a spot pool of arm64 types is an arm64 pool; its listed types must share the architecture. */
    @Test
    void aSpotPoolOfGravitonTypesIsArm64AndMixingArchitecturesInItsTypesIsRefused() {
        String arm = withSpotPool("  instanceType: m6i.large\n", "  instanceType: m7g.large\n")
                .replace("instanceTypes: [m6i.large, m5.large]", "instanceTypes: [m7g.large, m6g.large]");
        WorkerPoolSpec batch = SpecReader.parse(arm, "platform.yaml").environment("prod").orElseThrow()
                .workerPools().get(1);
        assertThat(batch.instanceTypes()).containsExactly("m7g.large", "m6g.large");
        assertThat(batch.architecture()).isEqualTo(CpuArchitecture.ARM64);

        String mixed = arm.replace("instanceTypes: [m7g.large, m6g.large]", "instanceTypes: [m7g.large, m6i.large]");
        assertThat(problems(mixed)).singleElement().asString()
                .startsWith("platform.yaml:80:")
                .contains("environments.prod.workerPools[1].spot.instanceTypes: the pool's instance types mix CPU"
                        + " architectures (amd64: m6i.large; arm64: m7g.large)");
    }

    @Test
    void anOnDemandBaseAboveMaxIsRefused() {
        assertThat(problems(withSpotPool("onDemandBase: 1", "onDemandBase: 7"))).containsExactly(
                "platform.yaml:79:25: environments.prod.workerPools[1].spot.onDemandBase: an on-demand base of 7 is"
                        + " above the pool's max 6 (at most 6 (max), and below it for any spot node)");
    }

    @Test
    void anOnDemandBaseEqualToMaxIsRefusedAsNeverSpot() {
        assertThat(problems(withSpotPool("onDemandBase: 1", "onDemandBase: 6"))).containsExactly(
                "platform.yaml:79:25: environments.prod.workerPools[1].spot.onDemandBase: an on-demand base of 6"
                        + " equals the pool's max: no node of this pool would ever be spot (lower it below 6, or"
                        + " remove spot: for an on-demand pool)");
    }

    @Test
    void percentagesOutside0To100AreRefusedAnd100IsNeverSpot() {
        assertThat(problems(withSpotPool("onDemandBase: 1", "onDemandPercentAboveBase: 101"))).containsExactly(
                "platform.yaml:79:37: environments.prod.workerPools[1].spot.onDemandPercentAboveBase: 101 is too"
                        + " large (at most 100)");
        assertThat(problems(withSpotPool("onDemandBase: 1", "onDemandPercentAboveBase: -1"))).containsExactly(
                "platform.yaml:79:37: environments.prod.workerPools[1].spot.onDemandPercentAboveBase: -1 is too"
                        + " small (at least 0)");
        assertThat(problems(withSpotPool("onDemandBase: 1", "onDemandPercentAboveBase: 100"))).containsExactly(
                "platform.yaml:79:37: environments.prod.workerPools[1].spot.onDemandPercentAboveBase: 100 percent"
                        + " on-demand above the base: no node of this pool would ever be spot (lower it (0 puts every"
                        + " node above the base on spot), or remove spot: for an on-demand pool)");
        // 25 percent on-demand above one on-demand node: mixed, valid.
        assertThat(SpecReader.parse(withSpotPool("onDemandBase: 1", "onDemandPercentAboveBase: 25"),
                "platform.yaml").environment("prod").orElseThrow().workerPools().get(1).hasSpot()).isTrue();
    }

    @Test
    void theListMustHoldThePoolsTypeOnceAndOnlyRealTypes() {
        assertThat(problems(withSpotPool("[m6i.large, m5.large]", "[m5.large, m5a.large]"))).containsExactly(
                "platform.yaml:80:26: environments.prod.workerPools[1].spot.instanceTypes: does not list the pool's"
                        + " instanceType m6i.large (the launch template's type, and the size the pool is planned"
                        + " with) (add it, e.g. [m6i.large, m5.large, m5a.large])");
        assertThat(problems(withSpotPool("[m6i.large, m5.large]", "[m6i.large, m6i.large]"))).containsExactly(
                "platform.yaml:80:38: environments.prod.workerPools[1].spot.instanceTypes[1]: m6i.large is listed"
                        + " twice (list each instance type once)");
        assertThat(problems(withSpotPool("[m6i.large, m5.large]", "[m6i.large, m5.lrage]"))).singleElement()
                .asString().startsWith("platform.yaml:80:38: environments.prod.workerPools[1].spot.instanceTypes[1]:"
                        + " 'm5.lrage' is not an EC2 instance type (m5 comes as");
    }

    @Test
    void anUnknownAllocationStrategyIsRefused() {
        assertThat(problems(withSpotPool("onDemandBase: 1", "allocationStrategy: cheapest"))).singleElement()
                .asString().startsWith("platform.yaml:79:31: environments.prod.workerPools[1].spot.allocationStrategy:"
                        + " 'cheapest' is not a valid allocationStrategy");
    }

    @Test
    void oneInstanceTypeOfSpotValidatesWithALocatedWarning() {
        String one = withSpotPool("          instanceTypes: [m6i.large, m5.large]\n", "");
        assertThat(warnings(one)).containsExactly("platform.yaml:79:11: environments.prod.workerPools[1].spot: spot"
                + " capacity of one instance type only: when that spot pool is reclaimed, every spot node of batch"
                + " goes at once and Auto Scaling has no other type to replace them with (list two or more types of"
                + " the same size, e.g. instanceTypes: [m6i.large, m5.large])");
        assertThat(warnings(withSpotPool("[m6i.large, m5.large]", "[m6i.large]"))).singleElement().asString()
                .startsWith("platform.yaml:80:26: environments.prod.workerPools[1].spot.instanceTypes: spot capacity"
                        + " of one instance type only");
    }

    @Test
    void controllersAreNeverSpot() {
        String spec = valid().replace("      instanceType: m6i.large\n", "      instanceType: m6i.large\n      spot:"
                + " {onDemandBase: 0}\n");
        assertThat(problems(spec)).containsExactly("platform.yaml:66:7: environments.prod.controllers.spot:"
                + " unknown key 'spot' in controllers (controllers never run on spot: a reclaimed controller takes an"
                + " etcd member and an API server with it; put spot: on a worker pool)");
    }

    @Test
    void mongoStaysOffASpotPoolUnlessTheSpecSaysSo() {
        String onSpot = withSpotPool("", "").replace("  prod:\n", "  prod:\n    mongo:\n      pool: batch\n");
        assertThat(problems(onSpot)).containsExactly("platform.yaml:61:13: environments.prod.mongo.pool: MongoDB would"
                + " run on pool batch, which has spot capacity: an interruption takes a member away on two minutes'"
                + " notice (name an on-demand pool for mongo, or set mongo.allowSpot: true to accept it)");
        String allowed = onSpot.replace("      pool: batch\n", "      pool: batch\n      allowSpot: true\n");
        assertThat(SpecReader.parse(allowed, "platform.yaml").environment("prod").orElseThrow().mongo().allowSpot())
                .isTrue();
        // The pool named mongo is MongoDB's by default: a spot one is refused at its spot block.
        assertThat(problems(withSpotPool("- name: batch", "- name: mongo"))).containsExactly(
                "platform.yaml:79:11: environments.prod.workerPools[1].spot: MongoDB would run on pool mongo, which has"
                        + " spot capacity: an interruption takes a member away on two minutes' notice (name an"
                        + " on-demand pool for mongo, or set mongo.allowSpot: true to accept it)");
    }

    @Test
    void everyPoolSpotLeavesTheAddOnsNowhere() {
        String allSpot = withOperatorRole(valid()).replace("        max: 6\n", "        max: 6\n        spot: {instanceTypes:"
                + " [m6i.xlarge, m5.xlarge]}\n");
        assertThat(problems(allSpot)).containsExactly("platform.yaml:73:15: environments.prod.workerPools[0].spot:"
                + " every worker pool is tainted (NoSchedule or NoExecute; spot pools are tainted"
                + " node.slipway.dev/capacity=spot:NoSchedule), so add-ons, which tolerate no pool taint, can run"
                + " nowhere (keep one pool on-demand and untainted)");
    }

    @Test
    void appsAndCronJobsOptIn() {
        String spec = withSpotPool("", "").replace("    healthPath: /healthz\n", "    healthPath: /healthz\n"
                + "    allowSpot: true\n");
        Environment prod = SpecReader.parse(spec, "platform.yaml").environment("prod").orElseThrow();
        assertThat(prod.apps().get(0).allowSpot()).isTrue();
        assertThat(prod.cronJobs().get(0).allowSpot()).isFalse();
    }

    @Test
    void aSpotPoolNeedsTheAccountFromAnOperatorRole() {
        String noRole = withSpotPool("", "").replace("  operatorRoles: [arn:aws:iam::123456789012:role/ops]\n", "");
        assertThat(problems(noRole)).containsExactly("platform.yaml:78:11: environments.prod.workerPools[1].spot: a"
                + " spot pool needs aws.operatorRoles: the interruption handler's SQS queue URL names the"
                + " environment's AWS account, which Slipway takes from the operator roles' ARNs (name the IAM roles"
                + " that operate prod, e.g. aws: {operatorRoles: [arn:aws:iam::111122223333:role/platform-operator]})");
    }
}
