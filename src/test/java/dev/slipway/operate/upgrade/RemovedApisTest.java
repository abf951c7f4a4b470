package dev.slipway.operate.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pinned table of removed APIs (removed-apis.txt) and the scan over objects. Facts from Kubernetes' Deprecated API
 * Migration Guide (https://kubernetes.io/docs/reference/using-api/deprecation-guide/, read 2026-12-07): "The
 * policy/v1beta1 API version of PodDisruptionBudget will no longer be served in v1.25 ... use the policy/v1 API
 * version"; "The flowcontrol.apiserver.k8s.io/v1beta3 API version of FlowSchema and PriorityLevelConfiguration is no
 * longer served as of v1.32 ... use flowcontrol.apiserver.k8s.io/v1"; the newest section is v1.32.
 * {@code RemovedApisServedTest} holds the table against the harness's real API server.
 */
class RemovedApisTest {
    static final RemovedApis TABLE = RemovedApis.bundled();
    static final KubernetesRelease V1_36 = KubernetesRelease.of("v1.36.3");

    @Test
    void theGuidesFactsAreInTheTable() {
        assertThat(TABLE.removal("policy/v1beta1", "PodDisruptionBudget", V1_36)).get().satisfies(r -> {
            assertThat(r.removedIn().minorName()).isEqualTo("v1.25");
            assertThat(r.replacement()).contains("policy/v1");
        });
        assertThat(TABLE.removal("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", V1_36)).get()
                .satisfies(r -> assertThat(r.removedIn().minorName()).isEqualTo("v1.32"));
        assertThat(TABLE.removal("policy/v1beta1", "PodSecurityPolicy", V1_36)).get()
                .satisfies(r -> assertThat(r.replacement()).isEmpty());
        // the newest removal is v1.32: nothing is removed by v1.33 to v1.36
        assertThat(TABLE.entries()).allSatisfy(e -> assertThat(e.removedIn().minor()).isLessThanOrEqualTo(32));
        assertThat(TABLE.knownThrough().minorName()).isEqualTo("v1.36");
    }

    @Test
    void aRemovalCountsOnlyFromItsRelease() {
        assertThat(TABLE.removal("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", KubernetesRelease.of("v1.31.0")))
                .isEmpty();
        assertThat(TABLE.removal("policy/v1", "PodDisruptionBudget", V1_36)).isEmpty();
    }

    @Test
    void aMalformedLineIsRefusedWithItsLineNumber() {
        assertThatThrownBy(() -> RemovedApis.parse(List.of("# c", "v1.25 policy/v1beta1 PodDisruptionBudget")))
                .hasMessageContaining(":2:");
        assertThatThrownBy(() -> RemovedApis.parse(List.of("v1.25 policy/v1beta1 PodDisruptionBudget policy/v1")))
                .hasMessageContaining("no known-through");
    }

    @Test
    void renderedObjectsAreCheckedByTheirOwnApiVersion() {
        RemovedApiScan scan = new RemovedApiScan(TABLE, V1_36);
        var old = new GenericKubernetesResourceBuilder().withApiVersion("batch/v1beta1").withKind("CronJob")
                .withNewMetadata().withName("backup").withNamespace("data").endMetadata().build();
        var current = new GenericKubernetesResourceBuilder().withApiVersion("batch/v1").withKind("CronJob")
                .withNewMetadata().withName("ok").withNamespace("data").endMetadata().build();
        assertThat(scan.rendered("build/prod/k8s/mongo", List.of(old, current))).singleElement()
                .satisfies(u -> assertThat(u.describe()).isEqualTo("CronJob data/backup: rendered in"
                        + " build/prod/k8s/mongo with batch/v1beta1 CronJob (removed in v1.25; use batch/v1)"));
    }

    @Test
    void liveObjectsAreCheckedByWhatTheirWritersLeft() {
        RemovedApiScan scan = new RemovedApiScan(TABLE, V1_36);
        PodDisruptionBudget applied = new PodDisruptionBudgetBuilder().withNewMetadata().withName("web")
                .withNamespace("apps").addToAnnotations(RemovedApiScan.LAST_APPLIED,
                        "{\"apiVersion\":\"policy/v1beta1\",\"kind\":\"PodDisruptionBudget\"}").endMetadata().build();
        PodDisruptionBudget written = new PodDisruptionBudgetBuilder().withNewMetadata().withName("db")
                .withNamespace("apps").withManagedFields(new ManagedFieldsEntryBuilder().withManager("old-operator")
                        .withApiVersion("policy/v1beta1").withOperation("Update").build(),
                        new ManagedFieldsEntryBuilder().withManager("slipway").withApiVersion("policy/v1")
                                .withOperation("Apply").build()).endMetadata().build();
        PodDisruptionBudget clean = new PodDisruptionBudgetBuilder().withNewMetadata().withName("clean")
                .withNamespace("apps").addToAnnotations(RemovedApiScan.LAST_APPLIED, "not json").endMetadata().build();
        assertThat(scan.live(List.of(applied, written, clean))).extracting(RemovedApiUse::describe).containsExactly(
                "PodDisruptionBudget apps/web: last applied (kubectl apply) with policy/v1beta1 PodDisruptionBudget"
                        + " (removed in v1.25; use policy/v1)",
                "PodDisruptionBudget apps/db: written by old-operator through policy/v1beta1 PodDisruptionBudget"
                        + " (removed in v1.25; use policy/v1)");
    }
}
