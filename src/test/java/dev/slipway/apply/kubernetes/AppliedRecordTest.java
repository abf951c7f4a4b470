package dev.slipway.apply.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The applied record's text and fingerprints, without a cluster (the cluster story is in DeployEngineTest). */
class AppliedRecordTest {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    static ManagedFieldsEntry entry(String manager, String operation, String subresource, String time,
            Map<String, Object> fields) {
        FieldsV1 f = new FieldsV1();
        fields.forEach(f::setAdditionalProperty);
        return new ManagedFieldsEntryBuilder().withManager(manager).withOperation(operation).withApiVersion("v1")
                .withTime(time).withSubresource(subresource).withFieldsType("FieldsV1").withFieldsV1(f).build();
    }

    static ConfigMap configMap(List<ManagedFieldsEntry> managed) {
        return new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace("demo").withUid("u-1")
                .withManagedFields(managed).endMetadata().addToData("mode", "ours").build();
    }

    static Map<String, Object> fields(String... keys) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (String k : keys) {
            data.put("f:" + k, Map.of());
        }
        return Map.of("f:data", data);
    }

    @Test
    void aTypedObjectAndItsJsonTreeHaveTheSameLine() {
        ConfigMap cm = configMap(List.of(entry("slipway", "Apply", null, "2026-12-07T06:00:00Z", fields("mode",
                "index")), entry("kubectl-edit", "Update", null, "2026-12-07T06:01:00Z", fields("other"))));
        ConfigMap roundTripped = JSON.unmarshal(JSON.asJson(cm), ConfigMap.class);
        String typed = AppliedRecord.line(cm);
        assertThat(typed).contains("slipway", "kubectl-edit", "f:index", "uid=u-1");
        assertThat(AppliedRecord.line(ObjectRef.of(cm), Json.tree(cm))).isEqualTo(typed);
        assertThat(AppliedRecord.line(roundTripped)).isEqualTo(typed);
    }

    @Test
    void aWriteThroughAnythingButStatusChangesTheLine() {
        ManagedFieldsEntry ours = entry("slipway", "Apply", null, "2026-12-07T06:00:00Z", fields("mode", "index"));
        String before = AppliedRecord.line(configMap(List.of(ours)));
        // A controller's status write: not a change the record looks at.
        assertThat(AppliedRecord.line(configMap(List.of(ours, entry("kube-controller-manager", "Update", "status",
                "2026-12-07T06:05:00Z", Map.of("f:status", Map.of())))))).isEqualTo(before);
        // A field removed behind Slipway's back (our entry loses it), a scale, another manager's edit, a new uid.
        assertThat(AppliedRecord.line(configMap(List.of(entry("slipway", "Apply", null, "2026-12-07T06:00:00Z",
                fields("mode")))))).isNotEqualTo(before);
        assertThat(AppliedRecord.line(configMap(List.of(ours, entry("kubectl", "Update", "scale",
                "2026-12-07T06:05:00Z", Map.of("f:spec", Map.of())))))).isNotEqualTo(before);
        assertThat(AppliedRecord.line(configMap(List.of(ours, entry("kubectl-edit", "Update", null,
                "2026-12-07T06:05:00Z", fields("mode")))))).isNotEqualTo(before);
        ConfigMap recreated = configMap(List.of(ours));
        recreated.getMetadata().setUid("u-2");
        assertThat(AppliedRecord.line(recreated)).isNotEqualTo(before);
    }

    @Test
    void theRecordReadsBackWhatItWroteAndIgnoresAnotherFormat() {
        AppliedRecord record = new AppliedRecord(Map.of("Deployment.apps", "apps/v1"), Map.of("coredns",
                new AppliedRecord.Entry("k1", "f1"), "metrics", new AppliedRecord.Entry("k2", "f2")));
        AppliedRecord read = AppliedRecord.parse(record.format());
        assertThat(read.versions()).containsExactly(Map.entry("Deployment.apps", "apps/v1"));
        assertThat(read.components()).containsOnlyKeys("coredns", "metrics");
        assertThat(read.format()).isEqualTo(record.format());
        assertThat(AppliedRecord.parse("slipway-applied-record/v0\ncomponent coredns k1 f1\n").components())
                .isEmpty();
        assertThat(AppliedRecord.parse(null).format()).isEmpty();
        AppliedRecord withOthers = new AppliedRecord(Map.of(), Map.of("c", new AppliedRecord.Entry("k1", "f1",
                java.util.Set.of("ConfigMap/demo/old", "Deployment.apps/demo/gone"))));
        assertThat(AppliedRecord.parse(withOthers.format()).components().get("c").others())
                .containsExactly("ConfigMap/demo/old", "Deployment.apps/demo/gone");
    }

    @Test
    void aVouchedComponentIsItsListedObjectsLessThoseRecordedAsLeftOver() {
        ConfigMap kept = configMap(List.of());
        ConfigMap old = configMap(List.of());
        old.getMetadata().setName("old");
        AppliedRecord record = new AppliedRecord(Map.of(), Map.of("c", new AppliedRecord.Entry("k1",
                AppliedRecord.fingerprint(List.of(AppliedRecord.line(kept), AppliedRecord.line(old))),
                java.util.Set.of(AppliedRecord.token(ObjectRef.of(old))))));
        assertThat(record.vouches("c", "k1", List.of(kept, old))).isTrue();
        assertThat(record.vouches("c", "k1", List.of(kept))).as("the leftover gone").isFalse();
        assertThat(record.rendered("c", List.of(kept, old))).containsExactly(kept);
    }

    @Test
    void vouchesOnlyForTheRecordedKeyAndLiveObjects() {
        ConfigMap cm = configMap(List.of(entry("slipway", "Apply", null, "2026-12-07T06:00:00Z", fields("mode"))));
        AppliedRecord record = new AppliedRecord(Map.of(), Map.of("c", new AppliedRecord.Entry("k1",
                AppliedRecord.fingerprint(List.of(AppliedRecord.line(cm))))));
        assertThat(record.vouches("c", "k1", List.of(cm))).isTrue();
        assertThat(record.vouches("c", "k2", List.of(cm))).as("another manifest").isFalse();
        assertThat(record.vouches("c", "", List.of(cm))).as("a manifest no record may vouch for").isFalse();
        assertThat(record.vouches("c", "k1", List.of())).as("its objects gone").isFalse();
        assertThat(record.vouches("d", "k1", List.of(cm))).as("another component").isFalse();
        ConfigMap extra = configMap(List.of());
        extra.getMetadata().setName("extra");
        assertThat(record.vouches("c", "k1", List.of(cm, extra))).as("one object more").isFalse();
    }

    @Test
    void aManifestNamingWhatIsFilledInAtApplyTimeHasNoRecordKey() {
        String plain = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n";
        RenderedManifest m = new RenderedManifest("c", java.time.Duration.ofSeconds(60), "c/manifest.yaml", plain);
        assertThat(m.recordKey()).hasSize(32);
        assertThat(new RenderedManifest("c", java.time.Duration.ofSeconds(61), "c/manifest.yaml", plain).recordKey())
                .isNotEqualTo(m.recordKey());
        for (String marker : RenderedManifest.FILLED_AT_APPLY) {
            assertThat(new RenderedManifest("c", java.time.Duration.ofSeconds(60), "c/manifest.yaml", plain
                    + "  annotations:\n    " + marker + ": x\n").recordKey()).as(marker).isEmpty();
        }
    }
}
