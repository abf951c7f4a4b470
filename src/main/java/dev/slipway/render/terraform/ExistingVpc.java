package dev.slipway.render.terraform;

import dev.slipway.render.hcl.Block;
import dev.slipway.render.hcl.Reference;

/**
 * {@code network.tf} for an existing VPC (network.existingVpc in the spec): the VPC and its subnets as data sources,
 * which {@code terraform destroy} never touches, so neither {@code slipway down} nor a later plan can change or
 * delete the VPC, its subnets, route tables, internet gateway or NAT gateways. Slipway adds only its cluster's
 * {@code shared} tag to the subnets ({@code aws_ec2_tag}, one tag per resource, removed again by {@code down}, as kops
 * marks shared subnets); the role tags for load balancers are the network team's (other clusters may rely on them)
 * and {@code slipway plan} reports them when missing, with the routes.
 */
final class ExistingVpc {
    /**
     * The value of the cluster tag on a resource the cluster uses but does not own: the AWS cloud controller manager
     * (cloud-provider-aws {@code ResourceLifecycleShared}) never deletes it.
     */
    static final String SHARED = "shared";

    final Block vpc;
    final Block publicSubnets;
    final Block privateSubnets;

    ExistingVpc(TerraformContext ctx, Settings settings, TfFile file) {
        int zones = ctx.zoneCount();
        Reference zone = settings.local("zones").index(Reference.countIndex());
        file.comment("The network team's VPC, read, not created: terraform destroy (slipway down) forgets data sources",
                "and never deletes the VPC, its subnets, route tables or gateways. The CIDR must match, or plan fails.");
        vpc = file.data("aws_vpc", "network")
                .attr("id", settings.local("vpc_id"))
                .attr("cidr_block", ctx.env().network().existingVpc().cidr());

        file.comment("Subnet i must lie in this VPC and in zone i, or plan fails before anything is created.");
        publicSubnets = subnet(file, "public", zones, settings, zone, vpc);
        privateSubnets = subnet(file, "private", zones, settings, zone, vpc);

        file.comment("The cloud controller manager uses a VPC's subnets that carry this cluster's tag or no cluster tag",
                "at all (cloud-provider-aws findSubnets): a subnet another cluster tagged is skipped unless tagged",
                "for this one too. \"shared\", so neither it nor slipway down ever deletes the subnet; only this tag",
                "is removed at down. The load balancer role tags are the network team's (slipway plan checks them).");
        for (String role : java.util.List.of("public", "private")) {
            Block subnets = role.equals("public") ? publicSubnets : privateSubnets;
            file.resource("aws_ec2_tag", role + "_subnet_cluster", zones)
                    .attr("count", zones)
                    .attr("resource_id", subnets.ref().index(Reference.countIndex()).attr("id"))
                    .attr("key", ctx.env().clusterTagKey())
                    .attr("value", SHARED);
        }
    }

    private static Block subnet(TfFile file, String role, int zones, Settings settings, Reference zone,
            Block vpc) {
        return file.data("aws_subnet", role)
                .attr("count", zones)
                .blank()
                .attr("id", settings.local(role + "_subnet_ids").index(Reference.countIndex()))
                .attr("vpc_id", vpc.ref("id"))
                .attr("availability_zone", zone);
    }
}
