package dev.slipway.render.terraform;

import static dev.slipway.render.hcl.Expression.call;
import static dev.slipway.render.hcl.Expression.list;

import dev.slipway.render.hcl.Block;
import dev.slipway.render.hcl.ObjectExpression;
import dev.slipway.render.hcl.Reference;
import dev.slipway.render.hcl.Template;
import java.util.EnumMap;
import java.util.Map;
import dev.slipway.render.ignition.NodeRole;
import dev.slipway.spec.ControllersSpec;
import dev.slipway.spec.CpuArchitecture;
import dev.slipway.spec.Environment;

/**
 * {@code controllers.tf}: the controller instances, one per etcd member, booted from the pinned OS channel with the
 * controller's Ignition pointer config as user data.
 */
final class Controllers {
    final TfFile file = new TfFile("controllers.tf");
    /** One image lookup per CPU architecture the environment's nodes run; workers.tf uses them too. */
    final Map<CpuArchitecture, Block> osImages = new EnumMap<>(CpuArchitecture.class);
    final Block instances;

    Controllers(TerraformContext ctx, Settings settings, Network network, Security security, Iam iam) {
        ControllersSpec spec = ctx.env().controllers();
        for (CpuArchitecture arch : CpuArchitecture.ofNodes(ctx.env())) {
            file.comment("The newest " + ctx.env().os().family().specName() + " image of the \"" + ctx.env().os().channel()
                    + "\" channel" + (arch == CpuArchitecture.AMD64 ? "" : " for " + arch.kubernetes()
                    + " (Graviton) instance types") + "; workers.tf uses it too.");
            osImages.put(arch, file.add(Nodes.osImage(ctx.env().os(), arch)));
        }
        Block osImage = osImages.get(spec.architecture());

        file.comment("Plain instances rather than an Auto Scaling group: each controller is an etcd member with its",
                "own DNS name (etcdN), and Slipway replaces them one at a time, keeping quorum.");
        instances = file.resource("aws_instance", "controllers", spec.count())
                .attr("count", spec.count())
                .blank()
                .attr("ami", osImage.ref("id"))
                .attr("instance_type", settings.controllerInstanceType.ref())
                .attr("ebs_optimized", true)
                .attr("subnet_id", Nodes.subnetFor(network))
                .attr("vpc_security_group_ids", list(security.controllers.ref("id")))
                .attr("iam_instance_profile", iam.controllerProfile.ref("name"))
                .comment("Ignition fetches once: the role's policy, the private routes (NAT) and the S3 endpoint first.")
                .attr("depends_on", Nodes.bootDependencies(network, iam.rolePolicies.get("controllers")))
                .comment("This controller's Ignition pointer config rendered by the ignition stage: it names the etcd",
                        "member (etcdN) and fetches the full config from " + ctx.env().provisioningUri("controller/"),
                        "with the instance role.")
                .attr("user_data", call("file", Template.of(Reference.pathModule(), "/../ignition/"
                        + NodeRole.CONTROLLER + "-", Reference.countIndex(), ".pointer.ign")))
                .block(Block.nested("root_block_device")
                        .attr("volume_type", "gp3")
                        .attr("volume_size", spec.diskSizeGb())
                        .attr("encrypted", true)
                        .comment("The provider adds the default tags itself (since 5.39, hashicorp/terraform-provider-aws",
                                "#33769); repeating them here shows a change in every plan.")
                        .attr("tags", ctx.nameTag(Nodes.countedName(ctx, "controller"))))
                .block(Nodes.metadataOptions())
                .attr("tags", ObjectExpression.builder()
                        .put("Name", Nodes.countedName(ctx, "controller"))
                        .put("slipway/role", "controller")
                        .put(Environment.ETCD_MEMBER_TAG, Template.of("etcd", Reference.countIndex()))
                        .build())
                .comment("Deliberately ignored, so that terraform never replaces or restarts controllers on its own:",
                        "- ami: a new OS image reaches running controllers through the OS's own updates;",
                        "- user_data: Ignition reads it only at first boot, and a change would make AWS stop and start",
                        "  every controller at once, losing etcd quorum.",
                        "- instance_type: a change would make AWS stop and start every controller at once too.",
                        "All take effect when Slipway replaces a controller, one at a time (slipway rotate --controllers):",
                        "a replacement is created from the current configuration.")
                .block(Nodes.ignoreChanges("ami", "user_data", "instance_type"));
        CheckovSkip.skip(instances, "CKV_AWS_126", "five-minute EC2 metrics suffice; Prometheus scrapes node-exporter"
                + " on every node");
    }
}
