package dev.slipway.render.ignition;

import dev.slipway.render.RenderInput;
import dev.slipway.render.RenderedFile;
import dev.slipway.render.RenderedTree;
import dev.slipway.render.Renderer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stage {@code provisioning}: everything nodes fetch from {@code s3://INFRA_BUCKET/ENV/} ({@code slipway sync}
 * uploads this folder): per role its full Ignition config ({@code ROLE/config.HASH.ign}) and its secret files
 * ({@code ROLE/secrets/HASH/...}, content-addressed by {@link ProvisioningKeys}; marked secret: 0600 locally, server-side encrypted in S3), plus {@code SHA256SUMS}
 * listing every artifact, in {@code sha256sum -c} format.
 */
public final class ProvisioningRenderer implements Renderer {

    @Override
    public String stage() {
        return "provisioning";
    }

    @Override
    public void render(RenderInput input, RenderedTree.Builder out) {
        Map<String, RenderedFile> files = new TreeMap<>();
        for (NodeArtifacts node : NodeConfigs.render(input)) {
            String role = node.role().name();
            String config = ProvisioningKeys.config(node.role(), node.config());
            files.put(config, new RenderedFile("provisioning/" + config, node.config(), false));
            for (NodeSecret s : node.secrets()) {
                String key = ProvisioningKeys.secret(node.role(), s);
                files.put(key, RenderedFile.secretText("provisioning/" + key, s.content()));
            }
            String token = ProvisioningKeys.bootstrapToken(node.role());
            files.put(token, RenderedFile.secretText("provisioning/" + token, node.bootstrapToken().content()));
            out.resource(stage(), "ignition-config", role);
            out.resource(stage(), "node-secret-files", role + " (" + node.secrets().size() + ")");
            if (!node.kubeletVerified()) {
                // Said in every plan: no pinned checksum, so Ignition cannot verify the kubelet download.
                out.resource(stage(), "unverified-download", role + ": kubelet");
            }
        }
        StringBuilder sums = new StringBuilder();
        files.forEach((rel, f) -> {
            sums.append(IgnitionJson.sha256Hex(f.content())).append("  ").append(rel).append('\n');
            out.file(f);
        });
        out.file(new RenderedFile("provisioning/SHA256SUMS", sums.toString().getBytes(StandardCharsets.UTF_8),
                false));
    }
}
