package dev.slipway.apply.kubernetes;

import dev.slipway.render.k8s.RenderedK8s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.render.k8s.workloads.SecretAnnotations;
import dev.slipway.render.k8s.workloads.WorkloadFixtures;
import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import dev.slipway.state.LocalStateStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resolver that fills Secrets at apply time, on the example's acc objects: every value from its variable or
 * state entry, every missing one named at once (never a value), a changed value changing exactly the hashes of the
 * workloads that use it.
 */
class SecretValuesTest {
    private static final Environment ACC = RenderedK8s.example("acc");

    /** Every variable acc's Secrets read, each set to a recognisable random value. */
    static Map<String, String> allVariables() {
        return allVariablesOf(ACC);
    }

    /** As {@link #allVariables()} for {@code environment}. */
    static Map<String, String> allVariablesOf(Environment environment) {
        Map<String, String> env = new TreeMap<>();
        environment.secrets().values().forEach(s -> s.keys().forEach(k -> env.put(s.fromEnvPrefix() + k,
                "SECRETVALUE-" + UUID.randomUUID())));
        return env;
    }

    private static LocalStateStore stateWithBackupKeys(Path dir) {
        LocalStateStore store = new LocalStateStore(dir);
        store.write("mongo-backup/aws-access-key-id", "SECRETVALUE-keyid".getBytes(StandardCharsets.UTF_8), true);
        store.write("mongo-backup/aws-secret-access-key", "SECRETVALUE-secret".getBytes(StandardCharsets.UTF_8),
                true);
        return store;
    }

    @Test
    void fillsEverySecretFromItsVariablesAndGeneratesTheKeyfileOnce(@TempDir Path dir) throws Exception {
        Map<String, String> env = allVariables();
        LocalStateStore store = stateWithBackupKeys(dir);

        List<HasMetadata> first = new SecretValues(env, store).apply(WorkloadFixtures.objects(ACC));

        Secret api = secret(first, "apps", "api-secrets");
        assertThat(decoded(api)).containsEntry("JWT_SECRET", env.get("API_SECRETS_JWT_SECRET"))
                .containsEntry("MONGO_URL", env.get("API_SECRETS_MONGO_URL")).hasSize(2);
        Secret root = secret(first, "mongo", "mongo-credentials");
        assertThat(decoded(root)).containsEntry("MONGO_ROOT_PASSWORD", env.get("MONGO_MONGO_ROOT_PASSWORD"));
        String keyfile = decoded(secret(first, "mongo", "mongo-keyfile")).get("keyfile");
        assertThat(Base64.getDecoder().decode(keyfile)).hasSize(48);
        assertThat(new String(store.read("mongo/keyfile").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo(keyfile);
        assertThat(Files.getPosixFilePermissions(store.root().resolve("mongo/keyfile")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(decoded(secret(first, "mongo", "mongo-backup-aws-secret-key")))
                .containsEntry("AWS_SECRET_ACCESS_KEY", "SECRETVALUE-secret");

        // A second run keeps the generated keyfile and gives the same hashes: nothing would roll.
        List<HasMetadata> second = new SecretValues(env, store).apply(WorkloadFixtures.objects(ACC));
        assertThat(decoded(secret(second, "mongo", "mongo-keyfile")).get("keyfile")).isEqualTo(keyfile);
        assertThat(hashes(second)).isEqualTo(hashes(first));
        // The rendered objects themselves stay without data (the resolver returns copies).
        List<HasMetadata> rendered = WorkloadFixtures.objects(ACC);
        new SecretValues(env, store).apply(rendered);
        assertThat(rendered).filteredOn(o -> o instanceof Secret).allSatisfy(o ->
                assertThat(((Secret) o).getData()).isNullOrEmpty());
    }

    @Test
    void aChangedValueChangesExactlyTheHashesOfTheWorkloadsThatUseIt(@TempDir Path dir) {
        Map<String, String> env = allVariables();
        LocalStateStore store = stateWithBackupKeys(dir);
        Map<String, String> before = hashes(new SecretValues(env, store).apply(WorkloadFixtures.objects(ACC)));

        Map<String, String> changed = new HashMap<>(env);
        changed.put("API_SECRETS_JWT_SECRET", "SECRETVALUE-rotated");
        Map<String, String> after = hashes(new SecretValues(changed, store).apply(WorkloadFixtures.objects(ACC)));

        assertThat(before.keySet()).containsExactlyInAnyOrder("apps/Deployment/api", "apps/CronJob/nightly-report",
                "mongo/StatefulSet/mongo", "mongo/Deployment/mongo-express", "mongo/CronJob/mongo-backup");
        assertThat(before).allSatisfy((k, v) -> assertThat(v).matches("[0-9a-f]{16}"));
        Map<String, String> differing = new TreeMap<>();
        before.forEach((k, v) -> {
            if (!v.equals(after.get(k))) {
                differing.put(k, v);
            }
        });
        assertThat(differing).containsOnlyKeys("apps/Deployment/api", "apps/CronJob/nightly-report");

        Map<String, String> rootChanged = new HashMap<>(env);
        rootChanged.put("MONGO_MONGO_ROOT_PASSWORD", "SECRETVALUE-other");
        Map<String, String> afterRoot = hashes(new SecretValues(rootChanged, store)
                .apply(WorkloadFixtures.objects(ACC)));
        assertThat(afterRoot.get("apps/Deployment/api")).isEqualTo(before.get("apps/Deployment/api"));
        assertThat(afterRoot.get("mongo/StatefulSet/mongo")).isNotEqualTo(before.get("mongo/StatefulSet/mongo"));
        assertThat(afterRoot.get("mongo/CronJob/mongo-backup")).isNotEqualTo(before.get("mongo/CronJob/mongo-backup"));
    }

    @Test
    void everyMissingValueIsNamedAtOnceAndNoValueAppearsInTheMessage(@TempDir Path dir) {
        Map<String, String> env = allVariables();
        Map<String, String> partial = new HashMap<>(env);
        partial.remove("API_SECRETS_JWT_SECRET");
        partial.put("MONGO_MONGO_ROOT_PASSWORD", "");
        LocalStateStore store = new LocalStateStore(dir); // no backup keys: only IAM can issue those

        SecretValues values = new SecretValues(partial, store);
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> values.apply(WorkloadFixtures.objects(ACC)));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("API_SECRETS_JWT_SECRET (secret apps/api-secrets, key JWT_SECRET)",
                "MONGO_MONGO_ROOT_PASSWORD (secret mongo/mongo-credentials, key MONGO_ROOT_PASSWORD) is empty",
                "state entry mongo-backup/aws-access-key-id", "state entry mongo-backup/aws-secret-access-key");
        assertThat(e.getMessage()).doesNotContain("SECRETVALUE");
        assertThat(values.toString()).doesNotContain("SECRETVALUE");
        assertThat(dev.slipway.cli.ExitCodesProbe.exitCodeOf(e)).isEqualTo(2);
        // Nothing was generated into the store either: all-or-nothing is not promised for generated entries, but a
        // failed run leaves no partial Secret behind because nothing is returned.
    }

    private static Secret secret(List<HasMetadata> objects, String namespace, String name) {
        return objects.stream().filter(o -> o instanceof Secret)
                .filter(o -> namespace.equals(o.getMetadata().getNamespace()) && name.equals(o.getMetadata().getName()))
                .map(Secret.class::cast).findFirst().orElseThrow();
    }

    private static Map<String, String> decoded(Secret s) {
        Map<String, String> out = new TreeMap<>();
        s.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        return out;
    }

    /** namespace/Kind/name → the secrets-hash annotation of each Pod template that has one. */
    static Map<String, String> hashes(List<HasMetadata> objects) {
        Map<String, String> out = new TreeMap<>();
        for (HasMetadata o : objects) {
            ObjectMeta template = null;
            if (o instanceof Deployment d) {
                template = d.getSpec().getTemplate().getMetadata();
            } else if (o instanceof StatefulSet s) {
                template = s.getSpec().getTemplate().getMetadata();
            } else if (o instanceof CronJob c) {
                template = c.getSpec().getJobTemplate().getSpec().getTemplate().getMetadata();
            }
            if (template != null && template.getAnnotations() != null
                    && template.getAnnotations().containsKey(SecretAnnotations.SECRETS_HASH)) {
                out.put(o.getMetadata().getNamespace() + "/" + o.getKind() + "/" + o.getMetadata().getName(),
                        template.getAnnotations().get(SecretAnnotations.SECRETS_HASH));
            }
        }
        return out;
    }
}
