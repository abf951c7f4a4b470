package dev.slipway.render.ignition;

import dev.slipway.render.RenderInput;
import dev.slipway.render.RenderedTree;
import dev.slipway.render.Renderer;
import dev.slipway.render.ignition.IgnitionConfig.ConfigReferences;
import dev.slipway.render.ignition.IgnitionConfig.Ignition;
import dev.slipway.render.ignition.IgnitionConfig.Resource;
import java.util.List;

/**
 * Stage {@code ignition}: one small pointer config per node role, {@code ignition/ROLE.pointer.ign}, used as EC2
 * user data. It merges the role's full config from {@code s3://INFRA_BUCKET/ENV/ROLE/config.HASH.ign}
 * (content-addressed: {@link ProvisioningKeys}) and pins its sha512, so user data stays far below EC2's 16 KiB limit, holds no secret, and a tampered or stale object in S3
 * stops the boot instead of configuring a node wrongly. The Terraform stage references these files by name.
 */
public final class IgnitionRenderer implements Renderer {

    @Override
    public String stage() {
        return "ignition";
    }

    @Override
    public void render(RenderInput input, RenderedTree.Builder out) {
        for (NodeArtifacts node : NodeConfigs.render(input)) {
            String role = node.role().name();
            String source = input.environment().provisioningUri(ProvisioningKeys.config(node.role(), node.config()));
            IgnitionConfig pointer = new IgnitionConfig(
                    new Ignition(IgnitionConfig.SPEC_VERSION, new ConfigReferences(List.of(
                            Resource.verified(source, IgnitionJson.sha512(node.config()))))),
                    null, null, null);
            out.file(new dev.slipway.render.RenderedFile("ignition/" + role + ".pointer.ign",
                    IgnitionJson.print(pointer), false));
            out.resource(stage(), "ignition-pointer-config", role);
        }
    }
}
