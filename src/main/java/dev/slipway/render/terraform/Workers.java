package dev.slipway.render.terraform;

import static dev.slipway.render.hcl.Expression.call;
import static dev.slipway.render.hcl.Expression.list;

import dev.slipway.render.hcl.Block;
import dev.slipway.render.hcl.Expression;
import dev.slipway.render.hcl.ObjectExpression;
import dev.slipway.spec.WorkerPoolSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code workers.tf}: a launch template and an Auto Scaling group per worker pool. No instance refresh: Slipway
 * rotates nodes itself (cordon, drain, replace), so a template change never replaces workers behind its back.
 */
final class Workers {
    final TfFile file = new TfFile("workers.tf");
    final List<Block> groups = new ArrayList<>();

    Workers(TerraformContext ctx, Settings settings, Network network, Security security, Iam iam, Controllers controllers) {
        for (WorkerPoolSpec pool : ctx.env().workerPools()) {
            String id = id(pool);
            String name = ctx.cluster() + "-worker-" + pool.name();
            Block osImage = controllers.osImages.get(pool.architecture());
            file.comment("Pool \"" + pool.name() + "\". A new OS image becomes a new template version; running workers keep",
                    "theirs until Slipway rotates them.");
            Block template = file.resource("aws_launch_template", id)
                    .attr("name", name)
                    .attr("image_id", osImage.ref("id"))
                    .attr("instance_type", pool.instanceType())
                    .attr("vpc_security_group_ids", list(security.workers.ref("id")))
                    .attr("user_data", call("filebase64", Nodes.ignitionPath("worker-" + pool.name() + ".pointer.ign")))
                    .attr("update_default_version", true)
                    .block(Block.nested("iam_instance_profile").attr("name", iam.workerProfiles.get(pool.name()).ref("name")))
                    .block(Block.nested("block_device_mappings")
                            .attr("device_name", osImage.ref("root_device_name"))
                            .block(Block.nested("ebs")
                                    .attr("volume_type", "gp3")
                                    .attr("volume_size", pool.diskSizeGb())
                                    .attr("encrypted", true)
                                    .attr("delete_on_termination", true)))
                    .block(Nodes.metadataOptions())
                    .comment("Default tags do not reach the volumes of launched instances.")
                    .block(Block.nested("tag_specifications")
                            .attr("resource_type", "volume")
                            .attr("tags", call("merge", settings.local("tags"), ObjectExpression.builder()
                                    .put("Name", name).build())));

            file.comment("No instance_refresh: Slipway rotates workers itself (cordon, drain, replace), one at a time.");
            if (pool.spot() != null) {
                file.comment("Spot capacity: a mixed instances policy (the launch template with its type overrides), and",
                        "capacity rebalancing: a spot node AWS recommends rebalancing gets its replacement launched",
                        "first, and is drained through the termination lifecycle hook (interruptions.tf).");
            }
            Block group = file.resource("aws_autoscaling_group", id)
                    .attr("name", name)
                    .attr("min_size", pool.min())
                    .attr("desired_capacity", pool.desired())
                    .attr("max_size", pool.max())
                    .attr("vpc_zone_identifier", network.privateSubnets.ref().splat().attr("id"))
                    .attr("health_check_type", "EC2")
                    .comment("Ignition fetches once: the role's policy, the private routes (NAT) and the S3 endpoint first.")
                    .attr("depends_on", Nodes.bootDependencies(network, iam.rolePolicies.get(id)));
            if (pool.spot() == null) {
                group.block(Block.nested("launch_template")
                        .attr("id", template.ref("id"))
                        .attr("version", template.ref("latest_version")));
            } else {
                group.attr("capacity_rebalance", true).block(mixedInstancesPolicy(pool, template));
            }
            group
                    .comment("Default tags do not apply to Auto Scaling groups; these also reach every instance.");
            tag(group, "Name", Expression.string(name));
            tag(group, ctx.env().clusterTagKey(), Expression.string("owned"));
            tag(group, WorkerPoolTags.ENV, Expression.string(ctx.env().name()));
            tag(group, WorkerPoolTags.PLATFORM, Expression.string(ctx.env().platformName()));
            tag(group, WorkerPoolTags.ROLE, Expression.string(WorkerPoolTags.WORKER));
            tag(group, WorkerPoolTags.POOL, Expression.string(pool.name()));
            group.comment("The spec's desired count applies when the group is created; after that, slipway rotate and any",
                    "autoscaler own it, and terraform apply must not reset it.")
                    .block(Nodes.ignoreChanges("desired_capacity"));
            groups.add(group);
        }
    }

    /**
     * On-demand instances come in the order the types are listed ({@code prioritized}), spot ones by the spec's
     * allocation strategy. Terraform takes either {@code launch_template} or this block on a group, not both.
     */
    private static Block mixedInstancesPolicy(WorkerPoolSpec pool, Block template) {
        Block launchTemplate = Block.nested("launch_template")
                .block(Block.nested("launch_template_specification")
                        .attr("launch_template_id", template.ref("id"))
                        .attr("version", template.ref("latest_version")));
        for (String type : pool.spot().overrides(pool.instanceType())) {
            launchTemplate.block(Block.nested("override").attr("instance_type", type));
        }
        return Block.nested("mixed_instances_policy")
                .block(Block.nested("instances_distribution")
                        .attr("on_demand_allocation_strategy", "prioritized")
                        .attr("on_demand_base_capacity", pool.spot().onDemandBase())
                        .attr("on_demand_percentage_above_base_capacity", pool.spot().onDemandPercentAboveBase())
                        .attr("spot_allocation_strategy", pool.spot().allocationStrategy()))
                .block(launchTemplate);
    }

    /** {@code workers_POOL}: the name of every resource of one pool. */
    static String id(WorkerPoolSpec pool) {
        return "workers_" + pool.name().replace('-', '_');
    }

    private static void tag(Block group, String key, Expression value) {
        group.block(Block.nested("tag")
                .attr("key", key)
                .attr("value", value)
                .attr("propagate_at_launch", true));
    }
}
