package dev.slipway.apply.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.render.k8s.ApplySetMembership;
import dev.slipway.spec.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of the deploy engine: reading the rendered tree, field diffs, readiness, Secret summaries. */
class DeployModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    @Test
    void theApplySetIdIsKep3659sV1FormatOfTheParent() {
        // base64url(sha256("slipway-applyset.kube-system.Secret.")), computed independently with Python's hashlib.
        assertThat(ApplySetMembership.id()).isEqualTo("applyset-BF-wPhfl1eSpxxXxAz1IVilYaNu8u1zWpk73iEEBFlw-v1");
    }

    @Test
    void componentsAreReadInIndexOrderWithTheirTimeouts() {
        Map<String, byte[]> files = Map.of(
                "k8s/components.txt", "# comment\nb 60\na 300\n".getBytes(StandardCharsets.UTF_8),
                "k8s/a/manifest.yaml", "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n".getBytes(),
                "k8s/b/manifest.yaml", ("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
                        + "  namespace: b\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n")
                        .getBytes());
        List<DesiredComponent> c = RenderedComponents.fromFiles(files);
        assertThat(c).extracting(DesiredComponent::name).containsExactly("b", "a");
        assertThat(c.get(0).readyTimeout().toSeconds()).isEqualTo(60);
        assertThat(c.get(0).objects()).extracting(o -> ObjectRef.of(o).toString())
                .containsExactly("ConfigMap b/x", "Widget w");
        assertThat(ObjectRef.of(c.get(0).objects().get(1)).groupKind()).isEqualTo("Widget.example.com");
    }

    @Test
    void aBrokenIndexOrManifestIsBadInputWithFileAndLine() {
        assertThatThrownBy(() -> RenderedComponents.fromFiles(Map.of("k8s/components.txt",
                "a 300\nb soon\n".getBytes(), "k8s/a/manifest.yaml", new byte[0])))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("build/ENV/k8s/components.txt:2:1: 'b soon' is not 'NAME TIMEOUT_SECONDS'");
        assertThatThrownBy(() -> RenderedComponents.fromFiles(Map.of("k8s/components.txt", "a 300\n".getBytes())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("component a has no");
        assertThatThrownBy(() -> RenderedComponents.fromFiles(Map.of("k8s/components.txt", "a 300\n".getBytes(),
                "k8s/a/manifest.yaml", "---\napiVersion: v1\nkind: ConfigMap\n---\nkind: x\n".getBytes())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("build/ENV/k8s/a/manifest.yaml:2:1: expected an object with apiVersion, kind and"
                        + " metadata.name");
    }

    @Test
    void fieldDiffNamesChangedPathsNotServerOwnedOnes() throws Exception {
        JsonNode live = json("{'metadata':{'name':'x','resourceVersion':'1','managedFields':[1]},'spec':{'replicas':1,"
                + "'template':{'spec':{'containers':[{'name':'c','image':'a:1'}]}}},'status':{'ready':1}}");
        JsonNode after = json("{'metadata':{'name':'x','resourceVersion':'2','managedFields':[2]},'spec':{'replicas':2,"
                + "'template':{'spec':{'containers':[{'name':'c','image':'a:2'}]}}},'status':{'ready':0}}");
        assertThat(FieldDiff.between(live, after)).containsExactly("spec.replicas",
                "spec.template.spec.containers[name=c].image");
        assertThat(FieldDiff.between(live, live)).isEmpty();
    }

    @Test
    void aSecretIsShownAsKeysAndAHashNeverAValue() throws Exception {
        // b is base64 of "s3cret-x".
        String one = SecretSummary.of(json("{'data':{'b':'czNjcmV0LXg=','a':'eA=='}}"));
        assertThat(one).startsWith("keys a, b; values sha256:").doesNotContain("czNjcmV0LXg=", "s3cret");
        assertThat(SecretSummary.of(json("{'data':{'b':'czNjcmV0LXg=','a':'eQ=='}}"))).isNotEqualTo(one);
    }

    @Test
    void aDeploymentIsReadyOnlyWhenTheLatestGenerationIsFullyRolledOut() throws Exception {
        String base = "{'metadata':{'generation':2},'spec':{'replicas':3},'status':{'observedGeneration':%d,"
                + "'replicas':%d,'updatedReplicas':%d,'readyReplicas':%d,'availableReplicas':%d}}";
        assertThat(Readiness.of("Deployment", json(base.formatted(2, 3, 3, 3, 3))).ready()).isTrue();
        assertThat(Readiness.of("Deployment", json(base.formatted(1, 3, 3, 3, 3))).ready()).isFalse();
        Readiness rolling = Readiness.of("Deployment", json(base.formatted(2, 4, 2, 3, 3)));
        assertThat(rolling.ready()).isFalse();
        assertThat(rolling.summary()).isEqualTo("2/3 updated, 3 ready, 3 available, 1 old still running");
    }

    @Test
    void otherKindsReadinessFollowsTheirStatus() throws Exception {
        assertThat(Readiness.of("DaemonSet", json("{'metadata':{'generation':1},'status':{'observedGeneration':1,"
                + "'desiredNumberScheduled':3,'updatedNumberScheduled':3,'numberReady':2,'numberAvailable':2}}"))
                .ready()).isFalse();
        assertThat(Readiness.of("StatefulSet", json("{'metadata':{'generation':1},'spec':{'replicas':1},'status':{"
                + "'observedGeneration':1,'readyReplicas':1,'updatedReplicas':1,'currentRevision':'a',"
                + "'updateRevision':'b'}}")).ready()).isFalse();
        Readiness failed = Readiness.of("Job", json("{'status':{'conditions':[{'type':'Failed','status':'True',"
                + "'reason':'BackoffLimitExceeded','message':'too many'}]}}"));
        assertThat(failed.failed()).isTrue();
        assertThat(Readiness.of("PersistentVolumeClaim", json("{'status':{'phase':'Pending'}}")).ready()).isFalse();
        assertThat(Readiness.of("Service", json("{'spec':{'type':'LoadBalancer'},'status':{}}")).ready()).isFalse();
        assertThat(Readiness.of("Service", json("{'spec':{'type':'ClusterIP'}}")).tracked()).isFalse();
        assertThat(Readiness.of("ConfigMap", json("{}")).ready()).isTrue();
    }

    @Test
    void retriesOnlyWhatTryingAgainCanFix() {
        assertThat(ApiRetry.retryable(new io.fabric8.kubernetes.client.KubernetesClientException("busy", 429, null)))
                .isTrue();
        assertThat(ApiRetry.retryable(new io.fabric8.kubernetes.client.KubernetesClientException("down", 503, null)))
                .isTrue();
        assertThat(ApiRetry.retryable(new io.fabric8.kubernetes.client.KubernetesClientException("x", 422, null)))
                .isFalse();
        assertThat(ApiRetry.retryable(new io.fabric8.kubernetes.client.KubernetesClientException("io",
                new java.net.SocketTimeoutException("read timed out")))).isTrue();
    }
}
