package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.apply.aws.AwsClients;
import dev.slipway.apply.aws.ExistingVpcCheck;
import dev.slipway.state.AwsSettings;
import dev.slipway.testing.GoldenFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.slipway.testing.MotoExtension;
import dev.slipway.testing.StubTerraform;
import dev.slipway.testing.MotoSdkProperties;
import dev.slipway.testing.MotoServer;
import dev.slipway.testing.NetworkTeamsVpc;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Tag;
import org.junit.jupiter.api.AfterEach;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway infra ...} against a stub {@code terraform} first on PATH ({@link StubTerraform}) and moto for the
 * infra bucket. Checks folder, arguments, exit codes, the summary, and that nothing is applied without an answer.
 */
@ExtendWith(MotoExtension.class)
class InfraCommandTest {
    @TempDir
    Path tmp;
    Path spec;
    Path bin;
    Path log;
    final Map<String, String> environment = new HashMap<>();

    record Run(int code, String out, String err) {
    }

    @AfterEach
    void clearProperties() {
        MotoSdkProperties.clear();
    }

    @BeforeEach
    void setUp(MotoServer moto) throws IOException {
        // infra init talks to S3 (the infra bucket): moto, through the SDK's system properties.
        MotoSdkProperties.pointAtAs(moto, MotoSdkProperties.EXAMPLE_OPERATOR);
        Path project = Files.createDirectories(tmp.resolve("platform"));
        spec = project.resolve("platform.yaml");
        Files.copy(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"), spec);
        bin = Files.createDirectories(tmp.resolve("bin"));
        log = tmp.resolve("terraform.log");
        StubTerraform.install(bin, "terraform");
        environment.put("PATH", bin + ":/usr/bin:/bin");
        environment.put("HOME", tmp.toString());
        environment.put("STUB_LOG", log.toString());
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Slipway.run(new PrintWriter(out), new PrintWriter(err), environment, args);
        return new Run(code, out.toString(), err.toString());
    }

    private List<String> calls() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** Every file and folder under {@code root} with its size and modification time, to see that nothing moved. */
    private static List<String> tree(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                out.add(p + " " + Files.size(p) + " " + Files.getLastModifiedTime(p));
            }
        }
        return out;
    }

    private String terraformDir(String env) {
        return spec.getParent().resolve("build").resolve(env).resolve("terraform").toString();
    }

    @Test
    void planRendersInitsPlansAndSummarisesInTheEnvironmentsTerraformFolder() throws IOException {
        Run r = run("infra", "plan", "--env", "acc", "-f", spec.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String dir = terraformDir("acc");
        assertThat(calls()).containsExactly(
                dir + " init -no-color -input=false",
                dir + " plan -no-color -input=false -out=tfplan",
                dir + " show -no-color -json tfplan");
        assertThat(Path.of(dir, "network.tf")).exists();
        assertThat(r.out()).contains("Terraform has been successfully initialized!", "Plan: 3 to add")
                .contains("Slipway plan summary for acc: 3 to add, 1 to change, 1 to replace, 1 to destroy")
                .containsPattern("aws_subnet +2 +0 +0 +0")
                .containsPattern("aws_instance +0 +0 +1 +0")
                .containsPattern("aws_eip +0 +0 +0 +1")
                .doesNotContain("aws_iam_role", "aws_ami");

        // Second run: the tree is current and initialised, so only plan and show run.
        Files.delete(log);
        Run again = run("infra", "plan", "--env", "acc", "-f", spec.toString());
        assertThat(again.code()).isZero();
        assertThat(again.err()).doesNotContain("out of date");
        assertThat(calls()).containsExactly(dir + " plan -no-color -input=false -out=tfplan", dir + " show -no-color -json tfplan");
    }

    @Test
    void withoutATerminalAndWithoutYesNothingIsApplied() throws IOException {
        Run r = run("infra", "apply", "--env", "acc", "-f", spec.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).contains("Slipway plan summary for acc: 3 to add");
        assertThat(r.err()).contains("no terminal to ask on", "pass --yes", "nothing was changed");
        assertThat(calls()).isNotEmpty().noneMatch(c -> c.contains(" apply "));
        Run destroy = run("infra", "destroy", "--env", "acc", "-f", spec.toString());
        assertThat(destroy.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(calls()).noneMatch(c -> c.contains(" apply "));
    }

    @Test
    void applyAppliesExactlyTheSavedPlan() throws IOException {
        Run r = run("infra", "apply", "--env", "acc", "--yes", "-f", spec.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(calls()).last().isEqualTo(terraformDir("acc") + " apply -no-color -input=false tfplan");
        assertThat(r.out()).contains("Apply complete!");
    }

    @Test
    void protectedEnvironmentNeedsConfirmForApplyAndDestroyAndNothingRuns() throws IOException {
        Run apply = run("infra", "apply", "--env", "prod", "-f", spec.toString());
        assertThat(apply.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(apply.err()).contains("--confirm prod");
        Run wrong = run("infra", "destroy", "--env", "prod", "--confirm", "acc", "-f", spec.toString());
        assertThat(wrong.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(calls()).isEmpty();
        assertThat(spec.getParent().resolve("build/prod")).doesNotExist();

        Run noYes = run("infra", "apply", "--env", "prod", "--confirm", "prod", "-f", spec.toString());
        assertThat(noYes.code()).as(noYes.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(noYes.err()).contains("pass --yes --confirm prod");
        assertThat(calls()).noneMatch(c -> c.contains(" apply "));
        Run confirmed = run("infra", "apply", "--env", "prod", "--confirm", "prod", "--yes", "-f",
                spec.toString());
        assertThat(confirmed.code()).as(confirmed.err()).isZero();
        assertThat(calls()).last().isEqualTo(terraformDir("prod") + " apply -no-color -input=false tfplan");
    }

    @Test
    void dryRunApplyAndDestroyOnlyPlan() throws IOException {
        Run apply = run("infra", "apply", "--env", "prod", "--dry-run", "-f", spec.toString());
        assertThat(apply.code()).as(apply.err()).isZero();
        Run destroy = run("infra", "destroy", "--env", "prod", "--dry-run", "-f", spec.toString());
        assertThat(destroy.code()).as(destroy.err()).isZero();
        // Each dry run renders into its own temporary folder, plans there without the lock, and removes it.
        List<String> calls = calls();
        assertThat(calls).hasSize(6);
        assertThat(calls).allMatch(c -> !c.startsWith(spec.getParent().toString()));
        assertThat(calls.stream().map(c -> c.substring(c.indexOf(' ') + 1)).toList()).containsExactly(
                "init -no-color -input=false",
                "plan -no-color -input=false -out=tfplan -lock=false",
                "show -no-color -json tfplan",
                "init -no-color -input=false",
                "plan -no-color -input=false -out=tfplan -lock=false -destroy",
                "show -no-color -json tfplan");
        assertThat(Path.of(calls.get(0).substring(0, calls.get(0).indexOf(' ')))).doesNotExist();
        assertThat(destroy.out()).contains("Slipway plan summary for prod");
        assertThat(destroy.err()).contains("dry run: rendered into");
        assertThat(spec.getParent().resolve("build")).doesNotExist();
        assertThat(spec.getParent().resolve(".slipway")).doesNotExist();
    }

    @Test
    void planIntoAnExistingVpcThatIsNotThereExitsTwoNamingItAndRunsNoTerraform() throws IOException {
        Files.writeString(spec, NetworkTeamsVpc.specText(Map.of()));
        Run r = run("infra", "plan", "--env", "acc", "-f", spec.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("slipway: error: VPC vpc-0a1b2c3d4e5f60718 (network.existingVpc.id) does not"
                + " exist in eu-west-1", "nothing was planned or changed");
        assertThat(calls()).isEmpty();
        assertThat(spec.getParent().resolve("build")).doesNotExist();
    }

    @Test
    void aMissingTagOrRouteStopsPlanApplyAndTheirDryRunsNamingSubnetAndRouteTable() throws IOException {
        NetworkTeamsVpc vpc;
        try (AwsClients aws = new AwsClients(AwsSettings.resolve("eu-west-1"))) {
            Ec2Client ec2 = aws.ec2();
            vpc = NetworkTeamsVpc.build(ec2, ExistingVpcCheck.PUBLIC_ROLE_TAG, ExistingVpcCheck.PRIVATE_ROLE_TAG);
            ec2.deleteTags(b -> b.resources(vpc.pubB()).tags(Tag.builder().key(ExistingVpcCheck.PUBLIC_ROLE_TAG)
                    .build()));
            ec2.deleteRoute(b -> b.routeTableId(vpc.privateTable()).destinationCidrBlock("0.0.0.0/0"));
        }
        Files.writeString(spec, NetworkTeamsVpc.specText(vpc.asBuilt()));
        // With the state store's bucket there, only the check stands between these commands and Terraform.
        assertThat(run("infra", "init", "--env", "acc", "-f", spec.toString()).code()).isZero();
        Files.deleteIfExists(log);
        List<String> before = tree(spec.getParent());
        for (List<String> command : List.of(List.of("infra", "plan"), List.of("infra", "plan", "--dry-run"),
                List.of("infra", "apply", "--yes"), List.of("infra", "apply", "--dry-run"), List.of("up", "--yes"),
                List.of("up", "--dry-run"))) {
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--env", "acc", "-f", spec.toString()));
            Run r = run(args.toArray(String[]::new));
            assertThat(r.code()).as(command + ": " + r.err()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.err()).as(command.toString()).contains(
                    "slipway: error: private subnet " + vpc.privA() + " has no default route (0.0.0.0/0) to a NAT"
                            + " gateway in route table " + vpc.privateTable(),
                    "slipway: error: private subnet " + vpc.privB() + " has no default route (0.0.0.0/0) to a NAT"
                            + " gateway in route table " + vpc.privateTable(),
                    "slipway: error: public subnet " + vpc.pubB() + " lacks the tag kubernetes.io/role/elb=1",
                    "the existing VPC of acc is not ready (3 problems); nothing was planned or changed");
            assertThat(calls()).as(command.toString()).isEmpty();
            assertThat(tree(spec.getParent())).as(command + ": nothing written next to the spec").isEqualTo(before);
        }
    }

    @Test
    void planIntoAReadyExistingVpcRendersItsDataSourcesAndPlans() throws IOException {
        NetworkTeamsVpc vpc;
        try (AwsClients aws = new AwsClients(AwsSettings.resolve("eu-west-1"))) {
            vpc = NetworkTeamsVpc.build(aws.ec2(), ExistingVpcCheck.PUBLIC_ROLE_TAG,
                    ExistingVpcCheck.PRIVATE_ROLE_TAG);
        }
        Files.writeString(spec, NetworkTeamsVpc.specText(vpc.asBuilt()));
        // The state store's bucket first (init does not need the network); then only plan's own calls count.
        assertThat(run("infra", "init", "--env", "acc", "-f", spec.toString()).code()).isZero();
        Files.delete(log);
        Run r = run("infra", "plan", "--env", "acc", "-f", spec.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("slipway: error");
        String dir = terraformDir("acc");
        assertThat(calls()).containsExactly(
                dir + " plan -no-color -input=false -out=tfplan",
                dir + " show -no-color -json tfplan");
        assertThat(Files.readString(Path.of(dir, "network.tf"))).contains("data \"aws_vpc\" \"network\"")
                .doesNotContain("resource \"aws_vpc\"");
        assertThat(Files.readString(Path.of(dir, "locals.tf"))).contains("vpc_id             = \"" + vpc.vpc() + "\"");
    }

    @Test
    void terraformFailingExitsOneWithItsOwnMessage() throws IOException {
        environment.put("STUB_FAIL", "plan");
        Run r = run("infra", "plan", "--env", "acc", "-f", spec.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("Error: stub plan failed as asked", "plan -input=false -out=tfplan failed");
        assertThat(calls()).noneMatch(c -> c.contains(" show -no-color "));
    }

    @Test
    void aFailedInitPointsAtSlipwaysOwnCommand() throws IOException {
        environment.put("STUB_FAIL", "init");
        Run r = run("infra", "plan", "--env", "acc", "-f", spec.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("then run 'slipway infra init --env acc -f " + spec + "'");
    }

    @Test
    void initCreatesTheBucketThenRunsInit() throws IOException {
        Run r = run("infra", "init", "--env", "acc", "-f", spec.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("s3://yourcom-infra: create bucket yourcom-infra in eu-west-1 (done)");
        assertThat(calls()).containsExactly(terraformDir("acc") + " init -no-color -input=false");
    }

    @Test
    void initCreatesTheBucketWithItsFourSettingsAndASecondRunChangesNothing(MotoServer moto) throws IOException {
        Run first = run("infra", "init", "--env", "acc", "-f", spec.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("turn versioning on (done)", "block all public access (done)");
        try (S3Client s3 = moto.s3()) {
            String b = "yourcom-infra";
            assertThat(s3.getBucketVersioning(r -> r.bucket(b)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
            assertThat(s3.getBucketEncryption(r -> r.bucket(b)).serverSideEncryptionConfiguration().rules())
                    .singleElement().satisfies(rule -> assertThat(rule.applyServerSideEncryptionByDefault()
                            .sseAlgorithm()).isEqualTo(ServerSideEncryption.AES256));
            var block = s3.getPublicAccessBlock(r -> r.bucket(b)).publicAccessBlockConfiguration();
            assertThat(List.of(block.blockPublicAcls(), block.ignorePublicAcls(), block.blockPublicPolicy(),
                    block.restrictPublicBuckets())).containsOnly(true);
            assertThat(s3.getBucketOwnershipControls(r -> r.bucket(b)).ownershipControls().rules())
                    .singleElement().satisfies(rule -> assertThat(rule.objectOwnership())
                            .isEqualTo(ObjectOwnership.BUCKET_OWNER_ENFORCED));
            assertThat(s3.getBucketLocation(r -> r.bucket(b)).locationConstraintAsString()).isEqualTo("eu-west-1");
        }
        Run second = run("infra", "init", "--env", "acc", "-f", spec.toString());
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains("s3://yourcom-infra: exists, versioned, encrypted, public access blocked,"
                + " owner-enforced, its policy and lifecycle as rendered: nothing to change").doesNotContain("(done)");
    }

    /**
     * The policy is the rendered one for the whole platform (both environments share the bucket), node roles in
     * the caller's account; it is printed in full before it is set, and a second run leaves it alone. moto stores
     * but does not enforce it: what it allows is InfraBucketPolicyTest's table.
     */
    @Test
    void initSetsThePlatformsPolicyAndLifecycleShowsThePolicyFirstAndASecondRunChangesNothing(MotoServer moto)
            throws IOException {
        Run dry = run("infra", "init", "--env", "acc", "--dry-run", "-f", spec.toString());
        assertThat(dry.code()).as(dry.err()).isZero();
        // moto is reached over plain HTTP: the TLS-only rule is left out (and said so), or nothing would work.
        assertThat(dry.err()).contains("is plain HTTP: the bucket policy leaves out its TLS-only rule");
        assertThat(dry.out()).contains("would set the bucket policy (AccStateReadOnlyByOperators", "ProdWorkerMongoRoleReadsOnlyItsOwnFolder)",
                "s3://yourcom-infra: bucket policy it would set:",
                "\"arn:aws:iam::123456789012:role/yourcom-prod-worker-mongo\"",
                "would set lifecycle rules (acc-state-noncurrent,");
        try (S3Client s3 = moto.s3()) {
            assertThat(s3.listBuckets().buckets()).isEmpty();
        }
        Run first = run("infra", "init", "--env", "acc", "-f", spec.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("set the bucket policy (AccStateReadOnlyByOperators", "bucket policy to set:",
                "set lifecycle rules (");
        try (S3Client s3 = moto.s3()) {
            String stored = s3.getBucketPolicy(r -> r.bucket("yourcom-infra")).policy();
            assertThat(stored).doesNotContain("aws:SecureTransport").contains("arn:aws:s3:::yourcom-infra/prod/state/*",
                    "arn:aws:iam::123456789012:role/yourcom-prod-operator");
            var rules = s3.getBucketLifecycleConfiguration(r -> r.bucket("yourcom-infra")).rules();
            assertThat(rules).anySatisfy(rule -> {
                assertThat(rule.id()).isEqualTo("prod-state-noncurrent");
                assertThat(rule.filter().prefix()).isEqualTo("prod/state/");
                assertThat(rule.noncurrentVersionExpiration().noncurrentDays()).isEqualTo(30);
            });
            assertThat(rules).anySatisfy(rule -> {
                assertThat(rule.id()).isEqualTo("acc-etcd-snapshots");
                assertThat(rule.expiration().days()).isEqualTo(14);
            });
        }
        Run second = run("infra", "init", "--env", "acc", "-f", spec.toString());
        assertThat(second.out()).contains("nothing to change").doesNotContain("bucket policy");
        // Someone's hand-edited policy is put back, and shown before.
        try (S3Client s3 = moto.s3()) {
            s3.putBucketPolicy(r -> r.bucket("yourcom-infra").policy("""
                    {"Version":"2012-10-17","Statement":[{"Sid":"Mine","Effect":"Deny","Principal":"*",\
                    "Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::yourcom-infra"}]}"""));
        }
        Run third = run("infra", "init", "--env", "acc", "-f", spec.toString());
        assertThat(third.out()).contains("replace the bucket policy (AccStateReadOnlyByOperators", "bucket policy to set:");
    }

    /** Setting the policy as someone who is not an operator would lock that person out of the state: refused. */
    @Test
    void initRefusesToSetAPolicyThatWouldLockTheCallerOut(MotoServer moto) throws IOException {
        MotoSdkProperties.pointAtAs(moto, "arn:aws:iam::123456789012:role/someone-else");
        Run r = run("infra", "init", "--env", "acc", "-f", spec.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("you are arn:aws:sts::123456789012:assumed-role/someone-else/slipway-test",
                "not a session of one of environments.acc.aws.operatorRoles");
        MotoSdkProperties.pointAtAs(moto, MotoSdkProperties.EXAMPLE_OPERATOR);
        Run prod = run("infra", "init", "--env", "prod", "--dry-run", "-f", spec.toString());
        assertThat(prod.code()).as("acc's operator is not prod's").isEqualTo(ExitCodes.BAD_INPUT);
        try (S3Client s3 = moto.s3()) {
            assertThat(s3.listBuckets().buckets()).isEmpty();
        }
        assertThat(calls()).isEmpty();
    }

    /**
     * S3 creates a bucket in the region of the request that creates it (and its LocationConstraint must name that
     * region, except us-east-1, which takes none); the region cannot be changed later. The shell's region (here
     * eu-west-1, the SDK's aws.region, which stands where AWS_REGION does) must not decide it: the spec's does, as
     * it decides the backend's.
     */
    @Test
    void initCreatesTheBucketInTheSpecsRegionWhateverTheShellsRegionIs(MotoServer moto) throws IOException {
        Files.writeString(spec, Files.readString(spec).replace("region: eu-west-1", "region: eu-north-1"));
        assertThat(System.getProperty("aws.region")).isEqualTo("eu-west-1");
        Run r = run("infra", "init", "--env", "acc", "-f", spec.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("create bucket yourcom-infra in eu-north-1 (done)");
        try (S3Client s3 = moto.s3()) {
            assertThat(s3.getBucketLocation(b -> b.bucket("yourcom-infra")).locationConstraintAsString())
                    .isEqualTo("eu-north-1");
        }
        assertThat(Files.readString(Path.of(terraformDir("acc")).resolve("backend.tf")))
                .contains("region       = \"eu-north-1\"");
    }

    /** us-east-1 is the one region whose CreateBucket takes no LocationConstraint (naming it is refused). */
    @Test
    void initCreatesAUsEast1BucketWithoutALocationConstraint(MotoServer moto) throws IOException {
        Files.writeString(spec, Files.readString(spec).replace("region: eu-west-1", "region: us-east-1"));
        Run r = run("infra", "init", "--env", "acc", "-f", spec.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("create bucket yourcom-infra in us-east-1 (done)");
        try (S3Client s3 = moto.s3()) {
            // GetBucketLocation answers an empty constraint for us-east-1.
            assertThat(s3.getBucketLocation(b -> b.bucket("yourcom-infra")).locationConstraintAsString())
                    .isNullOrEmpty();
        }
    }

    @Test
    void initRepairsASettingSomeoneTurnedOff(MotoServer moto) throws IOException {
        assertThat(run("infra", "init", "--env", "acc", "-f", spec.toString()).code()).isZero();
        try (S3Client s3 = moto.s3()) {
            s3.deletePublicAccessBlock(r -> r.bucket("yourcom-infra"));
        }
        Run dry = run("infra", "init", "--env", "acc", "--dry-run", "-f", spec.toString());
        assertThat(dry.out()).contains("would block all public access").doesNotContain("versioning");
        Run again = run("infra", "init", "--env", "acc", "-f", spec.toString());
        assertThat(again.out()).contains("block all public access (done)").doesNotContain("versioning");
    }

    @Test
    void usesTofuWhenTerraformIsMissingAndAdvisesWhenNeitherIs() throws IOException {
        Files.move(bin.resolve("terraform"), bin.resolve("tofu"));
        Run tofu = run("infra", "init", "--env", "acc", "-f", spec.toString());
        assertThat(tofu.code()).as(tofu.err()).isZero();
        assertThat(calls()).hasSize(1);

        Files.delete(bin.resolve("tofu"));
        environment.put("PATH", bin.toString());
        Run none = run("infra", "plan", "--env", "acc", "-f", spec.toString());
        assertThat(none.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(none.err()).contains("neither terraform nor tofu is on PATH", "Install one of them");
    }

    @Test
    void badInputExitsTwo() {
        assertThat(run("infra", "plan", "--env", "staging", "-f", spec.toString()).code())
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run("infra", "plan", "--env", "acc", "-f", tmp.resolve("missing.yaml").toString()).code())
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run("infra", "frobnicate").code()).isEqualTo(ExitCodes.BAD_INPUT);
        Run help = run("infra", "apply", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--confirm", "--dry-run", "Examples:");
        // Help is printed text, not mangled bytes: no replacement characters, and it names the command it helps with.
        assertThat(help.out()).doesNotContain("\uFFFD").contains("Usage: slipway infra apply");
    }
}
