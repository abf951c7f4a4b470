package dev.slipway.render.ignition;

import static dev.slipway.render.ignition.IgnitionRendererTest.config;
import static dev.slipway.render.ignition.IgnitionRendererTest.file;
import static dev.slipway.render.ignition.IgnitionRendererTest.inline;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.pki.BootstrapTokens;
import dev.slipway.pki.ClusterPki;
import dev.slipway.pki.IssuedBootstrapToken;
import dev.slipway.render.RenderInput;
import dev.slipway.render.RenderedFile;
import dev.slipway.render.RenderedTree;
import dev.slipway.versions.Versions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, item D: a worker launched long after the last {@code sync} + {@code infra apply} must still join, so the
 * bootstrap token is not frozen into what the launch template pins (pointer → config hash → file hashes).
 */
class BootstrapTokenDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RENEWED = "zyxwvu.9876543210zyxwvu";

    @Test
    void aRenewedTokenChangesNothingAWorkersLaunchTemplatePins() {
        Map<String, RenderedFile> before = render(IgnitionFixtures.pki()).files();
        Map<String, RenderedFile> after = render(withToken(IgnitionFixtures.pki(), RENEWED)).files();
        for (String role : List.of("worker-general", "worker-mongo")) {
            assertThat(after.get("ignition/" + role + ".pointer.ign").content()).as(role)
                    .isEqualTo(before.get("ignition/" + role + ".pointer.ign").content());
            assertThat(config(after, role).content()).as(role).isEqualTo(config(before, role).content());
            // What changes is the one object at the fixed key the worker fetches at boot.
            assertThat(text(after.get("provisioning/" + role + "/secrets/bootstrap-token"))).isEqualTo(RENEWED);
            assertThat(text(before.get("provisioning/" + role + "/secrets/bootstrap-token")))
                    .isEqualTo(IgnitionFixtures.BOOTSTRAP_TOKEN);
            assertThat(after.get("provisioning/" + role + "/secrets/bootstrap-token").secret()).isTrue();
        }
    }

    @Test
    void theKubeletReadsTheTokenFromTheFetchedFileAndTheKubeconfigStaysPinned() throws IOException {
        Map<String, RenderedFile> files = IgnitionFixtures.render(IgnitionFixtures.prod()).files();
        for (String role : List.of("controller", "worker-general")) {
            JsonNode node = JSON.readTree(config(files, role).content());
            // The kubeconfig (API server, CA) is inline, so its hash is pinned with the config; it holds no token.
            assertThat(inline(node, "/etc/kubernetes/bootstrap-kubelet.conf")).as(role)
                    .contains("tokenFile: \"" + NodeConfigs.BOOTSTRAP_TOKEN + "\"")
                    .contains("server: \"https://api-internal.prod.your.com:6443\"")
                    .doesNotContain(IgnitionFixtures.BOOTSTRAP_TOKEN);
            JsonNode token = file(node, NodeConfigs.BOOTSTRAP_TOKEN);
            assertThat(token.at("/contents/source").asText()).as(role)
                    .isEqualTo("s3://yourcom-infra/prod/nodes/" + role + "/secrets/bootstrap-token");
            assertThat(token.at("/contents/verification").isMissingNode()).as(role).isTrue();
            assertThat(token.get("mode").asInt()).isEqualTo(0600);
        }
    }

    private static RenderedTree render(ClusterPki pki) {
        RenderInput input = new RenderInput(IgnitionFixtures.prod(), Versions.bundled(), pki, "platform.yaml");
        RenderedTree.Builder b = RenderedTree.builder();
        new IgnitionRenderer().render(input, b);
        new ProvisioningRenderer().render(input, b);
        return b.build();
    }

    private static ClusterPki withToken(ClusterPki pki, String token) {
        return new ClusterPki(pki.entries(), new BootstrapTokens(new IssuedBootstrapToken(token,
                Optional.of(Instant.parse("2026-12-20T00:00:00Z"))), Optional.empty()), pki.secretsEncryptionKeys());
    }

    private static String text(RenderedFile f) {
        return new String(f.content(), StandardCharsets.UTF_8);
    }
}
