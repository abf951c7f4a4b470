package dev.slipway.render.k8s.workloads;

import dev.slipway.render.k8s.RenderedK8s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.RenderedFile;
import dev.slipway.spec.Environment;
import dev.slipway.spec.Platform;
import dev.slipway.spec.SpecReader;
import dev.slipway.testing.GoldenFiles;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shape of the workload components beyond the golden files: the rules they must keep for any spec. */
class WorkloadsRenderTest {

    private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void prodRunsThreeMembersOnTheDedicatedPoolAndKeepsAMajority() {
        List<HasMetadata> prod = WorkloadFixtures.objects(RenderedK8s.example("prod"));
        StatefulSet mongo = one(prod, StatefulSet.class, "mongo");
        assertThat(mongo.getSpec().getReplicas()).isEqualTo(3);
        var pod = mongo.getSpec().getTemplate().getSpec();
        assertThat(pod.getNodeSelector()).isEqualTo(Map.of("slipway.dev/pool", "mongo"));
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("dedicated");
            assertThat(t.getValue()).isEqualTo("mongo");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        assertThat(pod.getTopologySpreadConstraints()).extracting(c -> c.getTopologyKey() + " " + c.getWhenUnsatisfiable())
                .containsExactly("topology.kubernetes.io/zone DoNotSchedule", "kubernetes.io/hostname DoNotSchedule");
        assertThat(mongo.getSpec().getVolumeClaimTemplates().get(0).getSpec().getStorageClassName()).isEqualTo("ebs-gp3");
        assertThat(one(prod, PodDisruptionBudget.class, "mongo").getSpec().getMinAvailable().getIntVal()).isEqualTo(2);
        assertThat(Mongo.majority(1)).isEqualTo(1);
        assertThat(Mongo.majority(5)).isEqualTo(3);

        List<HasMetadata> acc = WorkloadFixtures.objects(RenderedK8s.example("acc"));
        var accPod = one(acc, StatefulSet.class, "mongo").getSpec().getTemplate().getSpec();
        assertThat(accPod.getNodeSelector()).isNullOrEmpty();
        assertThat(accPod.getTolerations()).isNullOrEmpty();
    }

    @Test
    void appsRollWithoutLosingCapacityAndOnlyMongoUsersCarryTheLabel() {
        List<HasMetadata> prod = WorkloadFixtures.objects(RenderedK8s.example("prod"));
        Deployment api = one(prod, Deployment.class, "api");
        assertThat(api.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
        assertThat(api.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(api.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("slipway.dev/uses-mongo", "true");
        assertThat(one(prod, Deployment.class, "web").getSpec().getTemplate().getMetadata().getLabels())
                .doesNotContainKey("slipway.dev/uses-mongo");
        assertThat(api.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe().getHttpGet()
                .getPath()).isEqualTo("/healthz");
        assertThat(prod).filteredOn(o -> o instanceof PodDisruptionBudget)
                .extracting(o -> o.getMetadata().getName()).containsExactlyInAnyOrder("mongo", "api", "web");
        // acc runs one replica of each app: no budget, which would block every drain.
        assertThat(WorkloadFixtures.objects(RenderedK8s.example("acc"))).filteredOn(o -> o instanceof PodDisruptionBudget)
                .extracting(o -> o.getMetadata().getName()).containsExactly("mongo");
    }

    @Test
    void theRenderedTreeHoldsNoSecretValueAndIsDeterministic() {
        Map<String, RenderedFile> first = RenderedK8s.render(RenderedK8s.example("prod")).files();
        Map<String, RenderedFile> second = RenderedK8s.render(RenderedK8s.example("prod")).files();
        assertThat(first.keySet()).isEqualTo(second.keySet());
        first.forEach((path, f) -> assertThat(second.get(path).content()).isEqualTo(f.content()));
        String all = String.join("\n", first.values().stream()
                .map(f -> new String(f.content(), StandardCharsets.UTF_8)).toList());
        assertThat(all).doesNotContain("\ndata:\n  MONGO", "stringData");
        assertThat(all).contains("slipway.dev/values-from: env:PROD_MONGO_");
    }

    @Test
    void aMovingTagIsAWarningInAccAndRefusedInProdUnlessAllowed() throws Exception {
        String example = Files.readString(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"));
        String latest = example.replace("image: ghcr.io/yourcom/web:2.0.1", "image: ghcr.io/yourcom/web:latest");
        var refused = org.assertj.core.api.Assertions.catchThrowableOfType(dev.slipway.spec.SpecException.class,
                () -> SpecReader.parse(latest, "platform.yaml"));
        assertThat(refused.problems()).singleElement().asString()
                .contains("apps[1].image: 'ghcr.io/yourcom/web:latest' is a moving tag; protected environment prod");

        Platform allowed = SpecReader.parse(latest.replace("    hostnames: [www.your.com]",
                "    hostnames: [www.your.com]\n    allowMovingTag: true"), "platform.yaml");
        assertThat(allowed.warnings()).extracting(Object::toString).anySatisfy(w ->
                assertThat(w).contains("apps[1].image: 'ghcr.io/yourcom/web:latest' is a moving tag"));
        Environment acc = allowed.environment("acc").orElseThrow();
        assertThat(acc.apps().get(1).image()).endsWith(":latest");
    }
}
