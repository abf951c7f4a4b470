package dev.slipway.operate.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes' version skew policy as {@code upgrade} applies it. Source: https://kubernetes.io/releases/version-skew-policy/
 * (read 2026-12-07 through the reference search): "In highly-available (HA) clusters, the newest and oldest
 * kube-apiserver instances must be within one minor version"; "kubelet must not be newer than kube-apiserver";
 * "kubelet may be up to three minor versions older than kube-apiserver (kubelet < 1.25 may only be up to two minor
 * versions older than kube-apiserver)".
 */
class SkewPolicyTest {
    static final KubernetesRelease V1_36_3 = KubernetesRelease.of("v1.36.3");

    static LiveVersions live(String server, Map<String, String> kubelets) {
        return new LiveVersions(server, kubelets, Map.of());
    }

    @Test
    void theRulesAreThePolicysNumbers() {
        assertThat(SkewPolicy.CONTROL_PLANE_MINORS_PER_UPGRADE).isEqualTo(1);
        assertThat(SkewPolicy.KUBELET_MINORS_BEHIND).isEqualTo(3);
        assertThat(SkewPolicy.KUBELET_MINORS_BEHIND_BEFORE_1_25).isEqualTo(2);
        assertThat(SkewPolicy.SOURCE).isEqualTo("https://kubernetes.io/releases/version-skew-policy/");
    }

    @Test
    void oneMinorWithKubeletsOneBehindIsAllowed() {
        assertThat(SkewPolicy.refusals(live("v1.35.4", Map.of("worker-1", "v1.35.4", "worker-2", "v1.34.1")),
                V1_36_3)).isEmpty();
        // a patch upgrade within the minor, and kubelets three minors behind the target
        assertThat(SkewPolicy.refusals(live("v1.36.1", Map.of("worker-1", "v1.33.0")), V1_36_3)).isEmpty();
    }

    @Test
    void twoMinorsAtOnceAreRefused() {
        assertThat(SkewPolicy.refusals(live("v1.34.2", Map.of("worker-1", "v1.34.2")), V1_36_3))
                .singleElement().asString().contains("v1.34.2", "2 minor versions at once", "one minor at a time",
                        "1.35 release first");
    }

    @Test
    void aDowngradeIsRefused() {
        assertThat(SkewPolicy.refusals(live("v1.36.3", Map.of()), KubernetesRelease.of("v1.35.1")))
                .singleElement().asString().contains("does not downgrade");
    }

    @Test
    void aKubeletNewerThanTheApiServerIsRefused() {
        assertThat(SkewPolicy.refusals(live("v1.35.4", Map.of("worker-1", "v1.35.4", "worker-2", "v1.36.0")),
                V1_36_3)).singleElement().asString().contains("node worker-2", "kubelet v1.36.0",
                        "newer than the API server v1.35.4");
        // a newer patch of the same minor is not "newer" in the policy's terms
        assertThat(SkewPolicy.refusals(live("v1.36.1", Map.of("worker-1", "v1.36.3")), V1_36_3)).isEmpty();
    }

    @Test
    void aKubeletThatTheTargetWouldLeaveTooFarBehindIsRefused() {
        assertThat(SkewPolicy.refusals(live("v1.35.4", Map.of("worker-1", "v1.32.9")), V1_36_3))
                .singleElement().asString().contains("node worker-1", "4 minor versions older", "at most 3");
        // before 1.25 the allowance was two
        assertThat(SkewPolicy.refusals(live("v1.25.0", Map.of("worker-1", "v1.23.0")),
                KubernetesRelease.of("v1.26.0"))).singleElement().asString().contains("3 minor versions older",
                        "at most 2");
    }

    @Test
    void anUnreadableApiServerVersionIsRefused() {
        assertThat(SkewPolicy.refusals(live("unknown", Map.of()), V1_36_3)).singleElement().asString()
                .contains("'unknown'");
    }
}
