package dev.slipway.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.apply.KubernetesClients;
import dev.slipway.testing.CliRun;
import dev.slipway.testing.MotoExtension;
import dev.slipway.testing.MotoServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Issue 20, item D, for real: the rendered {@code bootstrap-token-renewal} script, taken from acc's rendered controller
 * config as Ignition lays it out, run with bash, openssl and curl (what Flatcar and Fedora CoreOS ship) against the
 * rehearsed control plane (real etcd and kube-apiserver from the rendered static Pods, cluster-bootstrap's RBAC) and
 * moto (S3, and its IMDSv2 endpoint for the instance role's credentials).
 *
 * <p>The script is run as rendered but for three rewrites, asserted reversible: the rehearsal's own (paths under the
 * controller's root, its API port) and two more, the metadata service and the bucket's virtual-hosted URL to moto
 * (path style: moto on an IP address has no virtual hosts). moto does not check SigV4 signatures: that curl signs
 * what S3 accepts is not shown here.
 */
@ExtendWith(MotoExtension.class)
class BootstrapTokenRenewalRehearsalTest {
    private static final Path EXAMPLE = Path.of(System.getProperty("slipway.repo", "."),
            "examples/yourcom/platform.yaml");
    private static final String BUCKET = "yourcom-infra";
    private static final List<String> KEYS = List.of("acc/nodes/controller/secrets/bootstrap-token",
            "acc/nodes/worker-general/secrets/bootstrap-token");
    private static final List<String> PROPERTIES = List.of("aws.endpointUrl", "aws.region", "aws.accessKeyId",
            "aws.secretAccessKey");

    @TempDir
    Path dir;

    @AfterEach
    void clearProperties() {
        PROPERTIES.forEach(System::clearProperty);
    }

    @Test
    void aTokenNearExpiryIsRenewedInTheApiServerThenUploadedOnceAndSyncKeepsIt(MotoServer moto) throws Exception {
        try (ControlPlaneRehearsal r = ControlPlaneRehearsal.prepare(dir, EXAMPLE, "acc");
                S3Client s3 = moto.s3()) {
            RehearsedController c = r.controllers.get(0);
            r.start();
            assertThat(r.clusterBootstrap(c)).satisfies(o -> assertThat(o.status()).as(o.output()).isZero());
            s3.createBucket(b -> b.bucket(BUCKET)
                    .createBucketConfiguration(cfg -> cfg.locationConstraint(BucketLocationConstraint.EU_WEST_1)));
            // Versioned, as infra init makes it: every write to a key leaves a version, so "wrote nothing" is countable.
            s3.putBucketVersioning(v -> v.bucket(BUCKET).versioningConfiguration(cfg -> cfg
                    .status(BucketVersioningStatus.ENABLED)));
            pointAt(moto);
            CliRun sync = CliRun.of("sync", "--env", "acc", "-f", r.spec.toString());
            assertThat(sync.exitCode()).as(sync.all()).isZero();
            String synced = object(s3, KEYS.get(0));

            Path script = renewalScript(r, c, moto);
            Path kubeconfig = dir.resolve("admin.conf");
            CliRun kc = CliRun.of("kubeconfig", "--env", "acc", "-f", r.spec.toString(), "--server",
                    "https://127.0.0.1:" + c.apiPort, "--output-file", kubeconfig.toString());
            assertThat(kc.exitCode()).as(kc.all()).isZero();
            try (KubernetesClient admin = KubernetesClients.forEnvironment(r.workspace, r.env)
                    .connect(Files.readString(kubeconfig))) {
                // A fresh token (14 days): nothing to do, nothing written.
                Map<String, Integer> versions = versions(s3);
                Shell.Outcome fresh = run(script);
                assertThat(fresh.status()).as(fresh.output()).isZero();
                assertThat(fresh.output()).contains("nothing to renew");
                assertThat(versions(s3)).as("no write to S3 while the token is fresh").isEqualTo(versions);

                // Twelve days pass: the token's Secret now expires in two.
                expireSoon(admin, synced);

                // While the API server refuses the renewer (no RoleBinding), nothing reaches S3.
                var binding = admin.rbac().roleBindings().inNamespace("kube-system")
                        .withName("slipway:bootstrap-token-renewer").get();
                admin.resource(binding).delete();
                awaitRenewerMayCreateSecrets(admin, false);
                Shell.Outcome refused = run(script);
                assertThat(refused.status()).as(refused.output()).isNotZero();
                assertThat(refused.output()).contains("failed: HTTP 403");
                assertThat(versions(s3)).as("a token the API server did not take is never uploaded")
                        .isEqualTo(versions);
                binding.getMetadata().setResourceVersion(null);
                binding.getMetadata().setUid(null);
                admin.resource(binding).create();
                awaitRenewerMayCreateSecrets(admin, true);

                Set<String> before = tokenSecrets(admin);
                Shell.Outcome renewed = run(script);
                assertThat(renewed.status()).as(renewed.output()).isZero();
                assertThat(renewed.output()).contains("created bootstrap token");
                String token = object(s3, KEYS.get(0));
                assertThat(token).as("the new token at the controllers' key").isNotEqualTo(synced)
                        .matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
                assertThat(object(s3, KEYS.get(1))).as("and at the workers' key").isEqualTo(token);
                Secret created = admin.secrets().inNamespace("kube-system").withName("bootstrap-token-"
                        + token.substring(0, 6)).get();
                assertThat(created).as("the uploaded token is in the API server").isNotNull();
                assertThat(created.getType()).isEqualTo("bootstrap.kubernetes.io/token");
                Map<String, String> data = decoded(created);
                assertThat(data).containsEntry("token-secret", token.substring(7))
                        .containsEntry("usage-bootstrap-authentication", "true")
                        .containsEntry("auth-extra-groups", "system:bootstrappers:slipway");
                Instant expires = Instant.parse(data.get("expiration"));
                assertThat(Duration.between(Instant.now(), expires)).as("a new token lives 14 days")
                        .isBetween(Duration.ofDays(14).minusMinutes(10), Duration.ofDays(14));
                HeadObjectResponse head = s3.headObject(h -> h.bucket(BUCKET).key(KEYS.get(1)));
                assertThat(head.metadata()).as("the upload says when the token expires")
                        .containsEntry("slipway-expires", expires.toString());
                assertThat(tokenSecrets(admin)).as("one new token Secret").hasSize(before.size() + 1)
                        .containsAll(before);

                // A node launched now: its bootstrap kubeconfig (as laid out) with the token from S3 gets a
                // node client certificate, as system:bootstrappers.
                JoiningKubelet node = new JoiningKubelet(c.file("/etc/kubernetes/bootstrap-kubelet.conf"), token,
                        dir.resolve("kubelet-renewed"), "ip-10-0-1-31.eu-west-1.compute.internal", "127.0.0.1");
                assertThat(node.bootstrap(Duration.ofSeconds(90))).startsWith("-----BEGIN CERTIFICATE-----");

                // Another controller's view of the same moment: the old token still at the keys (the winner has
                // created the next Secret but not uploaded yet). Its POST of the same next name gets 409; it takes
                // the winner's token rather than making one of its own.
                before = tokenSecrets(admin);
                for (String k : KEYS) {
                    s3.putObject(p -> p.bucket(BUCKET).key(k), software.amazon.awssdk.core.sync.RequestBody
                            .fromString(synced));
                }
                Shell.Outcome loser = run(script);
                assertThat(loser.status()).as(loser.output()).isZero();
                assertThat(loser.output()).contains("was created by another controller: using it")
                        .doesNotContain("created bootstrap token");
                assertThat(KEYS).allSatisfy(k -> assertThat(object(s3, k)).isEqualTo(token));
                assertThat(tokenSecrets(admin)).as("no Secret of its own").isEqualTo(before);

                // Again: nothing due, nothing written.
                versions = versions(s3);
                before = tokenSecrets(admin);
                Shell.Outcome again = run(script);
                assertThat(again.status()).as(again.output()).isZero();
                assertThat(again.output()).contains("nothing to renew").doesNotContain("uploaded");
                assertThat(versions(s3)).as("a second run writes nothing to S3").isEqualTo(versions);
                assertThat(tokenSecrets(admin)).as("nor to the API server").isEqualTo(before);

                // sync after the renewal: the state store's token expires earlier than the one at the keys.
                CliRun resync = CliRun.of("sync", "--env", "acc", "-f", r.spec.toString());
                assertThat(resync.exitCode()).as(resync.all()).isZero();
                assertThat(KEYS).allSatisfy(k -> assertThat(object(s3, k)).as("sync keeps the newer token at " + k)
                        .isEqualTo(token));

                // Three controllers at once, when the token is due again: one new Secret, every key holds it.
                expireSoon(admin, token);
                before = tokenSecrets(admin);
                List<Shell.Outcome> three = concurrently(script, 3);
                assertThat(three).allSatisfy(o -> assertThat(o.status()).as(o.output()).isZero());
                Set<String> after = tokenSecrets(admin);
                assertThat(after).as("exactly one Secret created by three renewals").hasSize(before.size() + 1);
                assertThat(three.stream().filter(o -> o.output().contains("created bootstrap token")).count())
                        .as(three.toString()).isEqualTo(1);
                String winner = object(s3, KEYS.get(0));
                assertThat(after).contains("bootstrap-token-" + winner.substring(0, 6));
                assertThat(object(s3, KEYS.get(1))).isEqualTo(winner);
            }
        }
    }

    /** The rendered script as the controller's root holds it, with the rehearsal's and moto's rewrites. */
    private static Path renewalScript(ControlPlaneRehearsal r, RehearsedController c, MotoServer moto)
            throws Exception {
        String rendered = Files.readString(c.file("/opt/slipway/bin/bootstrap-token-renewal"));
        NodeRewrites toMoto = new NodeRewrites(Map.of(
                "http://169.254.169.254", moto.endpoint().toString(),
                "https://" + BUCKET + ".s3." + r.env.aws().region() + ".amazonaws.com",
                moto.endpoint() + "/" + BUCKET));
        String text = toMoto.apply(c.rewrites.apply(rendered));
        assertThat(c.rewrites.undo(toMoto.undo(text))).as("the rewrites are reversible").isEqualTo(rendered);
        assertThat(text).as("every rewrite applied").doesNotContain("169.254.169.254", "amazonaws.com");
        Path script = r.dir.resolve("bootstrap-token-renewal");
        Files.writeString(script, text);
        return script;
    }

    /**
     * Until the API server's authorizer (fed by a watch) gives the renewer's user the answer {@code allowed}: asked by
     * SubjectAccessReview, up to a bound, so a run does not race the RBAC change.
     */
    private static void awaitRenewerMayCreateSecrets(KubernetesClient admin, boolean allowed) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            var review = admin.authorization().v1().subjectAccessReview().create(
                    new io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder().withNewSpec()
                            .withUser("slipway:bootstrap-token-renewer").withNewResourceAttributes()
                            .withNamespace("kube-system").withVerb("create").withResource("secrets")
                            .endResourceAttributes().endSpec().build());
            if (review.getStatus().getAllowed() == allowed) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the renewer's right to create Secrets did not become " + allowed);
            }
            Thread.sleep(200);
        }
    }

    private static Shell.Outcome run(Path script) {
        return Shell.outcome(List.of("bash", script.toString()), Map.of());
    }

    private static List<Shell.Outcome> concurrently(Path script, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Shell.Outcome>> runs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                runs.add(pool.submit(() -> run(script)));
            }
            List<Shell.Outcome> out = new ArrayList<>();
            for (Future<Shell.Outcome> f : runs) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Stands in for time passing: the token's Secret expires two days from now. */
    private static void expireSoon(KubernetesClient admin, String token) {
        String soon = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS).toString();
        admin.secrets().inNamespace("kube-system").withName("bootstrap-token-" + token.substring(0, 6))
                .edit(s -> {
                    s.getData().put("expiration", Base64.getEncoder().encodeToString(
                            soon.getBytes(StandardCharsets.UTF_8)));
                    return s;
                });
    }

    private static Set<String> tokenSecrets(KubernetesClient admin) {
        return admin.secrets().inNamespace("kube-system").withField("type", "bootstrap.kubernetes.io/token").list()
                .getItems().stream().map(s -> s.getMetadata().getName()).collect(Collectors.toCollection(
                        java.util.TreeSet::new));
    }

    private static Map<String, String> decoded(Secret s) {
        Map<String, String> out = new TreeMap<>();
        s.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        return out;
    }

    private static String object(S3Client s3, String key) {
        return s3.getObjectAsBytes(g -> g.bucket(BUCKET).key(key)).asUtf8String();
    }

    /** Versions per token key. */
    private static Map<String, Integer> versions(S3Client s3) {
        Map<String, Integer> out = new TreeMap<>();
        for (String key : KEYS) {
            out.put(key, (int) s3.listObjectVersions(l -> l.bucket(BUCKET).prefix(key)).versions().stream()
                    .filter(v -> v.key().equals(key)).count());
        }
        return out;
    }

    private static void pointAt(MotoServer moto) {
        System.setProperty("aws.endpointUrl", moto.endpoint().toString());
        System.setProperty("aws.region", MotoServer.REGION.id());
        System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
    }
}
