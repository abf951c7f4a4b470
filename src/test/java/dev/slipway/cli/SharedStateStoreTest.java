package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.apply.aws.InfraBucket;
import dev.slipway.pki.EnvironmentPki;
import dev.slipway.plan.Workspace;
import dev.slipway.state.S3StateStore;
import dev.slipway.state.StateStore;
import dev.slipway.testing.CliRun;
import dev.slipway.testing.FreePorts;
import dev.slipway.testing.GoldenFiles;
import dev.slipway.testing.MotoExtension;
import dev.slipway.testing.MotoSdkProperties;
import dev.slipway.testing.MotoServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The shared state store against moto: the example spec without its {@code stateStore: local} line, so state goes
 * to the default {@code s3://yourcom-infra/ENV/state/} with {@code .slipway/ENV/} as the cache. "Two operators" are
 * two copies of the spec in different folders (two caches) on one bucket.
 */
@ExtendWith(MotoExtension.class)
class SharedStateStoreTest {
    private static final String BUCKET = "yourcom-infra";

    @TempDir
    Path dir;
    MotoServer moto;

    @BeforeEach
    void pointAtMoto(MotoServer moto) {
        this.moto = moto;
        MotoSdkProperties.pointAt(moto);
    }

    @AfterEach
    void clearProperties() {
        MotoSdkProperties.clear();
    }

    private void createBucket() {
        try (S3Client s3 = moto.s3()) {
            assertThat(new InfraBucket(s3, BUCKET, MotoServer.REGION).ensure()).isNotEmpty();
        }
    }

    /** A copy of the example whose state store is the default, the infra bucket. */
    private Path operator(String name) throws Exception {
        Path spec = Files.createDirectories(dir.resolve(name)).resolve("platform.yaml");
        String example = Files.readString(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"));
        assertThat(example).contains("\nstateStore: local\n");
        Files.writeString(spec, example.replace("\nstateStore: local\n", "\n"));
        return spec;
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private Map<String, byte[]> objects(String prefix) {
        Map<String, byte[]> m = new java.util.TreeMap<>();
        try (S3Client s3 = moto.s3()) {
            for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(prefix)).contents()) {
                m.put(o.key(), s3.getObjectAsBytes(g -> g.bucket(BUCKET).key(o.key())).asByteArray());
            }
        }
        return m;
    }

    @Test
    void twoOperatorsOnOneStoreGetByteIdenticalPkisAndTrees() throws Exception {
        createBucket();
        Path alice = operator("alice");
        Path bob = operator("bob");
        CliRun first = CliRun.of("plan", "--env", "acc", "-f", alice.toString());
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.err()).contains("state store: s3://yourcom-infra/acc/state/ (cache "
                + alice.resolveSibling(".slipway/acc") + ", AWS account 123456789012)").contains("created 16 PKI entries");
        CliRun second = CliRun.of("plan", "--env", "acc", "-f", bob.toString());
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(second.err()).doesNotContain("PKI entr");

        Map<String, byte[]> pkiA = GoldenFiles.readTree(alice.resolveSibling(".slipway/acc/pki"));
        Map<String, byte[]> pkiB = GoldenFiles.readTree(bob.resolveSibling(".slipway/acc/pki"));
        assertThat(pkiA).hasSize(29).containsKeys("ca.key", "ca.crt", "bootstrap-token");
        assertThat(pkiB.keySet()).isEqualTo(pkiA.keySet());
        pkiA.forEach((k, v) -> assertThat(pkiB.get(k)).as(k).containsExactly(v));
        Map<String, byte[]> treeA = new java.util.HashMap<>(GoldenFiles.readTree(alice.resolveSibling("build/acc")));
        Map<String, byte[]> treeB = new java.util.HashMap<>(GoldenFiles.readTree(bob.resolveSibling("build/acc")));
        assertThat(treeA).isNotEmpty();
        // .slipway-build is plan's bookkeeping (which files it wrote, and a fingerprint of the inputs that includes the
        // spec's own path and, outside a jar, a per-run value); it is not part of the rendered tree.
        assertThat(treeA.remove(".slipway-build")).isNotNull();
        assertThat(treeB.remove(".slipway-build")).isNotNull();
        assertThat(treeB.keySet()).isEqualTo(treeA.keySet());
        treeA.forEach((k, v) -> assertThat(treeB.get(k)).as(k).containsExactly(v));

        // The store holds the same bytes, every object server-side encrypted.
        Map<String, byte[]> stored = objects("acc/state/");
        assertThat(stored).containsKey("acc/state/pki/ca.key");
        assertThat(stored.get("acc/state/pki/ca.crt")).containsExactly(pkiA.get("ca.crt"));
        try (S3Client s3 = moto.s3()) {
            for (String key : stored.keySet()) {
                assertThat(s3.headObject(h -> h.bucket(BUCKET).key(key)).serverSideEncryption()).as(key)
                        .isEqualTo(ServerSideEncryption.AES256);
            }
        }
    }

    @Test
    void deletingTheCacheAndPlanningAgainRendersAByteIdenticalBuild() throws Exception {
        createBucket();
        Path spec = operator("one");
        assertThat(CliRun.of("plan", "--env", "acc", "-f", spec.toString()).exitCode()).isZero();
        Map<String, byte[]> before = GoldenFiles.readTree(spec.resolveSibling("build/acc"));
        deleteTree(spec.resolveSibling(".slipway"));

        CliRun again = CliRun.of("plan", "--env", "acc", "-f", spec.toString(), "-o", "json");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.err()).doesNotContain("PKI entr");
        assertThat(again.out()).contains("\"new\" : 0,\n      \"changed\" : 0,\n      \"removed\" : 0,");
        Map<String, byte[]> after = new java.util.HashMap<>(GoldenFiles.readTree(spec.resolveSibling("build/acc")));
        // .slipway-build is plan's bookkeeping, not rendered output; its input fingerprint is unique per run outside
        // a jar (RenderInputs: tests never trust a render skip), so it cannot be byte-identical here.
        assertThat(after.remove(".slipway-build")).isNotNull();
        before = new java.util.HashMap<>(before);
        assertThat(before.remove(".slipway-build")).isNotNull();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((k, v) -> assertThat(after.get(k)).as(k).containsExactly(v));
        assertThat(spec.resolveSibling(".slipway/acc/pki/ca.key")).exists();
    }

    @Test
    void anUnreachableStoreStopsPlanWithExitOneAndNothingWritten() throws Exception {
        Path spec = operator("offline");
        MotoSdkProperties.pointAt("http://127.0.0.1:" + FreePorts.loopback());
        CliRun run = CliRun.of("plan", "--env", "acc", "-f", spec.toString());
        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("state store s3://yourcom-infra/acc/state/", "nothing was changed");
        assertThat(Files.list(spec.getParent()).map(p -> p.getFileName().toString())).containsExactly("platform.yaml");
    }

    @Test
    void aMissingBucketStopsPlanNamingInfraInit() throws Exception {
        Path spec = operator("nobucket");
        CliRun run = CliRun.of("plan", "--env", "acc", "-f", spec.toString());
        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("NoSuchBucket", "slipway infra init --env");
        assertThat(Files.list(spec.getParent()).map(p -> p.getFileName().toString())).containsExactly("platform.yaml");
    }

    @Test
    void aStoreCaThatDiffersFromTheCachesStopsEverything() throws Exception {
        createBucket();
        Path alice = operator("alice");
        Path bob = operator("bob");
        assertThat(CliRun.of("plan", "--env", "acc", "-f", alice.toString()).exitCode()).isZero();
        assertThat(CliRun.of("plan", "--env", "acc", "-f", bob.toString()).exitCode()).isZero();
        // Someone replaces the store's CA behind Slipway's back (here: with another environment's).
        assertThat(CliRun.of("plan", "--env", "prod", "--confirm", "prod", "-f", alice.toString()).exitCode())
                .isZero();
        try (S3Client s3 = moto.s3()) {
            byte[] other = s3.getObjectAsBytes(g -> g.bucket(BUCKET).key("prod/state/pki/ca.crt")).asByteArray();
            s3.putObject(p -> p.bucket(BUCKET).key("acc/state/pki/ca.crt"),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(other));
        }
        Map<String, byte[]> cache = GoldenFiles.readTree(bob.resolveSibling(".slipway"));
        Map<String, byte[]> build = GoldenFiles.readTree(bob.resolveSibling("build"));
        CliRun run = CliRun.of("plan", "--env", "acc", "-f", bob.toString());
        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("differs from the one in the cache", "list-object-versions");
        assertThat(GoldenFiles.readTree(bob.resolveSibling(".slipway"))).containsOnlyKeys(cache.keySet());
        GoldenFiles.readTree(bob.resolveSibling(".slipway")).forEach((k, v) -> assertThat(v).containsExactly(cache.get(k)));
        GoldenFiles.readTree(bob.resolveSibling("build")).forEach((k, v) -> assertThat(v).containsExactly(build.get(k)));
    }

    @Test
    void aCacheFromBeforeTheStoreSeedsAnEmptyStoreInsteadOfANewCa() throws Exception {
        createBucket();
        Path spec = operator("old");
        Path local = spec.resolveSibling("local.yaml");
        Files.writeString(local, Files.readString(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml")));
        assertThat(CliRun.of("plan", "--env", "acc", "-f", local.toString()).exitCode()).isZero();
        byte[] ca = Files.readAllBytes(spec.resolveSibling(".slipway/acc/pki/ca.crt"));
        CliRun shared = CliRun.of("plan", "--env", "acc", "-f", spec.toString());
        assertThat(shared.exitCode()).as(shared.all()).isZero();
        assertThat(shared.err()).doesNotContain("PKI entr");
        assertThat(objects("acc/state/").get("acc/state/pki/ca.crt")).containsExactly(ca);
    }

    @Test
    void twoConcurrentFirstCreationsYieldOneCa() throws Exception {
        createBucket();
        Path alice = operator("alice");
        Path bob = operator("bob");
        Workspace a = Workspace.load(alice);
        Workspace b = Workspace.load(bob);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (Workspace ws : List.of(a, b)) {
                results.add(pool.submit(() -> {
                    StateStore store = ws.stateStore("acc");
                    EnvironmentPki pki = EnvironmentPki.withSystemClock(store);
                    assertThat(start.await(30, TimeUnit.SECONDS)).isTrue();
                    pki.ensure(ws.environment("acc"));
                    return pki.load().get(dev.slipway.pki.PkiEntry.CLUSTER_CA).certificatePem()
                            .getBytes(StandardCharsets.US_ASCII);
                }));
            }
            start.countDown();
            byte[] caA = results.get(0).get(90, TimeUnit.SECONDS);
            byte[] caB = results.get(1).get(90, TimeUnit.SECONDS);
            assertThat(caB).containsExactly(caA);
            assertThat(objects("acc/state/").get("acc/state/pki/ca.crt")).containsExactly(caA);
            assertThat(Files.readAllBytes(alice.resolveSibling(".slipway/acc/pki/ca.crt"))).containsExactly(caA);
            assertThat(Files.readAllBytes(bob.resolveSibling(".slipway/acc/pki/ca.crt"))).containsExactly(caA);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        // Every version the bucket ever held of the CA key is the one CA: nobody overwrote it.
        try (S3Client s3 = moto.s3()) {
            assertThat(s3.listObjectVersions(r -> r.bucket(BUCKET).prefix("acc/state/pki/ca.key")).versions())
                    .hasSize(1);
        }
    }

    /**
     * The losing side of the conditional CA creation, made deterministic: Bob's whole first creation runs between
     * Alice's reads (an empty store) and her first conditional PUT ({@code If-None-Match: *}), so moto answers that
     * PUT 412 Precondition Failed and Alice must take Bob's PKI, not write her own. The interleaving is forced by an
     * S3 client that runs Bob's creation before passing Alice's first conditional PUT on (no race to hope for).
     */
    @Test
    void aCreationWhoseConditionalPutIsAnswered412TakesTheWinnersCa() throws Exception {
        createBucket();
        Workspace a = Workspace.load(operator("alice"));
        Workspace b = Workspace.load(operator("bob"));
        List<String> conditionalPuts = new ArrayList<>();
        try (S3Client plain = moto.s3()) {
            S3Client interleaving = (S3Client) java.lang.reflect.Proxy.newProxyInstance(
                    S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class}, (proxy, method, args) -> {
                        boolean conditional = method.getName().equals("putObject") && args != null
                                && args[0] instanceof PutObjectRequest put && "*".equals(put.ifNoneMatch());
                        if (conditional && conditionalPuts.isEmpty()) {
                            EnvironmentPki.withSystemClock(b.stateStore("acc")).ensure(b.environment("acc"));
                        }
                        try {
                            Object result = method.invoke(plain, args);
                            if (conditional) {
                                conditionalPuts.add(((PutObjectRequest) args[0]).key() + " 200");
                            }
                            return result;
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            if (conditional && e.getCause() instanceof S3Exception s3e) {
                                conditionalPuts.add(((PutObjectRequest) args[0]).key() + " " + s3e.statusCode());
                            }
                            throw e.getCause();
                        }
                    });
            EnvironmentPki alice = EnvironmentPki.withSystemClock(new S3StateStore(interleaving, BUCKET,
                    "acc/state/"));
            alice.ensure(a.environment("acc"));
            assertThat(conditionalPuts).as("Alice's conditional PUTs").isNotEmpty();
            assertThat(conditionalPuts.get(0)).as("her first, after Bob created the PKI").endsWith(" 412");
            assertThat(conditionalPuts).as("she created nothing").noneMatch(p -> p.endsWith(" 200"));
            byte[] bobs = objects("acc/state/").get("acc/state/pki/ca.crt");
            assertThat(alice.load().get(dev.slipway.pki.PkiEntry.CLUSTER_CA).certificatePem()
                    .getBytes(StandardCharsets.US_ASCII)).containsExactly(bobs);
            assertThat(plain.listObjectVersions(r -> r.bucket(BUCKET).prefix("acc/state/pki/ca.key")).versions())
                    .as("nobody overwrote the CA key").hasSize(1);
        }
    }
}
