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
 *
 * <p>Controllers boot from {@code ignition/controller-N.pointer.ign}, one per controller as Typhoon renders them: the
 * same pointer plus one inline file, {@link SystemdUnits#ETCD_MEMBER_FILE}, naming the etcd member ({@code etcdN}).
 * Not an instance tag read through the metadata service: with tags in instance metadata EC2 refuses to launch an
 * instance whose tag keys contain {@code /} (the cluster tag does), and the shared full config keeps one hash for
 * every controller. {@code ignition/controller.pointer.ign} stays the shared part, by whose bytes
 * {@code slipway rotate --controllers} knows the controller config it rotates towards.
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
            if (node.role().controller()) {
                for (int i = 0; i < input.environment().controllers().count(); i++) {
                    IgnitionConfig own = new IgnitionConfig(pointer.ignition(), null, new IgnitionConfig.Storage(
                            List.of(), List.of(NodeFiles.text(SystemdUnits.ETCD_MEMBER_FILE, 0644,
                                    etcdMemberName(input.environment(), i) + "\n")), List.of()), null);
                    out.file(new dev.slipway.render.RenderedFile("ignition/" + controllerPointer(i),
                            IgnitionJson.print(own), false));
                    out.resource(stage(), "ignition-pointer-config", role + "-" + i);
                }
            }
        }
    }

    /** The user data of controller {@code index}: {@code controller-N.pointer.ign}. */
    public static String controllerPointer(int index) {
        return NodeRole.CONTROLLER + "-" + index + ".pointer.ign";
    }

    /** etcd member {@code index}'s name: the first label of its DNS name ({@code etcdN}). */
    static String etcdMemberName(dev.slipway.spec.Environment env, int index) {
        String host = env.etcdHostnames().get(index);
        return host.substring(0, host.indexOf('.'));
    }
}
