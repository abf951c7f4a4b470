package dev.slipway.render.k8s.addons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.render.k8s.RenderedK8s;
import dev.slipway.render.k8s.KubernetesYaml;
import dev.slipway.spec.AddonSpec;
import dev.slipway.spec.AddonsSpec;
import dev.slipway.spec.Environment;
import dev.slipway.spec.VolumeSpec;
import dev.slipway.spec.VolumesSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A retention or volume size in the spec reaches exactly the objects that carry it, and nothing else. */
class AddonChangesTest {
    private static final Environment ACC = RenderedK8s.example("acc");

    @Test
    void logRetentionChangesOnlyTheSetupJobAndItsConfiguration() {
        AddonSpec l = ACC.addons().logging();
        Environment changed = withAddons(ACC, new AddonsSpec(ACC.addons().dashboard(),
                new AddonSpec(l.enabled(), l.replicas(), l.retentionDays() + 7), ACC.addons().metrics(),
                ACC.addons().alerting()));
        Set<String> diff = differences(ACC, changed);
        // both are named after the hash of what they install, so the old pair goes and a new pair comes
        assertThat(diff).hasSize(4).allMatch(k -> k.startsWith("ConfigMap logging/opensearch-setup-")
                || k.startsWith("Job logging/opensearch-setup-"));
    }

    @Test
    void metricsRetentionChangesOnlyPrometheus() {
        AddonSpec m = ACC.addons().metrics();
        Environment changed = withAddons(ACC, new AddonsSpec(ACC.addons().dashboard(), ACC.addons().logging(),
                new AddonSpec(m.enabled(), m.replicas(), 90), ACC.addons().alerting()));
        assertThat(differences(ACC, changed)).containsExactly("StatefulSet monitoring/prometheus");
    }

    @Test
    void volumeSizesChangeOnlyTheClaims() {
        VolumesSpec v = ACC.volumes();
        Environment changed = withVolumes(ACC, new VolumesSpec(v.mongo(),
                new VolumeSpec(v.logging().sizeGb() + 10, v.logging().type()),
                new VolumeSpec(v.metrics().sizeGb() + 5, v.metrics().type())));
        assertThat(differences(ACC, changed)).containsExactly(
                "PersistentVolumeClaim logging/data-opensearch-0",
                "PersistentVolumeClaim monitoring/prometheus-data");
    }

    /** Keys (kind namespace/name) of objects added, removed or changed between the two environments' add-ons. */
    private static Set<String> differences(Environment before, Environment after) {
        Map<String, String> a = objects(before);
        Map<String, String> b = objects(after);
        Set<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        keys.removeIf(k -> a.containsKey(k) && a.get(k).equals(b.get(k)));
        return keys;
    }

    private static Map<String, String> objects(Environment env) {
        Map<String, String> out = new TreeMap<>();
        for (ClusterComponent c : AddonComponents.all()) {
            for (HasMetadata o : c.objects(RenderedK8s.input(env))) {
                String ns = o.getMetadata().getNamespace();
                out.put(o.getKind() + " " + (ns == null ? "" : ns + "/") + o.getMetadata().getName(),
                        KubernetesYaml.print(o));
            }
        }
        return out;
    }

    static Environment withAddons(Environment e, AddonsSpec addons) {
        return new Environment(e.platformName(), e.domain(), e.name(), e.protectedEnv(), e.aws(),
                e.sshAuthorizedKeys(), e.kubernetes(), e.os(), e.network(), e.controllers(), e.workerPools(),
                e.volumes(), addons, e.mongo(), e.secrets(), e.apps(), e.cronJobs());
    }

    static Environment withVolumes(Environment e, VolumesSpec volumes) {
        return new Environment(e.platformName(), e.domain(), e.name(), e.protectedEnv(), e.aws(),
                e.sshAuthorizedKeys(), e.kubernetes(), e.os(), e.network(), e.controllers(), e.workerPools(),
                volumes, e.addons(), e.mongo(), e.secrets(), e.apps(), e.cronJobs());
    }
}
