package dev.slipway.render.terraform;

import static dev.slipway.render.hcl.Expression.call;
import static dev.slipway.render.hcl.Expression.list;

import dev.slipway.render.hcl.Block;
import dev.slipway.render.hcl.Reference;

/**
 * {@code network.tf}: the VPC, a public and a private subnet per zone, the internet gateway, NAT and route tables.
 * Nodes live in the private subnets; only the API load balancer and the NAT gateways are public.
 */
final class Network {
    final TfFile file = new TfFile("network.tf");
    final Block vpc;
    final Block publicSubnets;
    final Block privateSubnets;
    final Block natAddresses;

    Network(TerraformContext ctx, Settings settings) {
        int zones = ctx.zoneCount();
        if (settings.availableZones != null) {
            file.add(settings.availableZones);
        }
        vpc = file.resource("aws_vpc", "network")
                .attr("cidr_block", ctx.env().network().vpcCidr())
                .comment("The AWS cloud controller manager and Ignition's S3 fetches need DNS names in the VPC.")
                .attr("enable_dns_support", true)
                .attr("enable_dns_hostnames", true)
                .blank()
                .attr("tags", ctx.nameTag(""));

        Block gateway = file.resource("aws_internet_gateway", "gateway")
                .attr("vpc_id", vpc.ref("id"))
                .blank()
                .attr("tags", ctx.nameTag(""));

        Reference zone = settings.local("zones").index(Reference.countIndex());
        file.comment("The API load balancer and the NAT gateways. Tagged so the cloud controller manager puts",
                "internet-facing Service load balancers here.");
        publicSubnets = file.resource("aws_subnet", "public", zones)
                .attr("count", zones)
                .blank()
                .attr("vpc_id", vpc.ref("id"))
                .attr("availability_zone", zone)
                .attr("cidr_block", settings.local("public_subnet_cidrs").index(Reference.countIndex()))
                .attr("map_public_ip_on_launch", false)
                .blank()
                .attr("tags", ctx.nameTag(ctx.named("public", zone), "kubernetes.io/role/elb", "1"));

        file.comment("Controllers and workers: no public addresses; egress through NAT.");
        privateSubnets = file.resource("aws_subnet", "private", zones)
                .attr("count", zones)
                .blank()
                .attr("vpc_id", vpc.ref("id"))
                .attr("availability_zone", zone)
                .attr("cidr_block", settings.local("private_subnet_cidrs").index(Reference.countIndex()))
                .blank()
                .attr("tags", ctx.nameTag(ctx.named("private", zone), "kubernetes.io/role/internal-elb", "1"));

        int nats = ctx.natCount();
        file.comment(ctx.env().protectedEnv()
                ? "One NAT gateway per zone: losing a zone must not cut the other zones' nodes off the internet."
                : "One NAT gateway for all zones: cheaper, and an outage of its zone is acceptable outside production.");
        natAddresses = file.resource("aws_eip", "nat", nats)
                .attr("count", nats)
                .attr("domain", "vpc")
                .blank()
                .attr("tags", ctx.nameTag(ctx.named("nat", Reference.countIndex())))
                .blank()
                .attr("depends_on", list(gateway.ref()));

        Block nat = file.resource("aws_nat_gateway", "nat", nats)
                .attr("count", nats)
                .attr("allocation_id", natAddresses.ref().index(Reference.countIndex()).attr("id"))
                .attr("subnet_id", publicSubnets.ref().index(Reference.countIndex()).attr("id"))
                .blank()
                .attr("tags", ctx.nameTag(ctx.named("nat", Reference.countIndex())))
                .blank()
                .attr("depends_on", list(gateway.ref()));

        Block publicRoutes = file.resource("aws_route_table", "public")
                .attr("vpc_id", vpc.ref("id"))
                .block(Block.nested("route")
                        .attr("cidr_block", "0.0.0.0/0")
                        .attr("gateway_id", gateway.ref("id")))
                .attr("tags", ctx.nameTag("public"));

        file.resource("aws_route_table_association", "public", zones)
                .attr("count", zones)
                .attr("subnet_id", publicSubnets.ref().index(Reference.countIndex()).attr("id"))
                .attr("route_table_id", publicRoutes.ref("id"));

        Block privateRoutes = file.resource("aws_route_table", "private", zones)
                .attr("count", zones)
                .attr("vpc_id", vpc.ref("id"))
                .comment("element() wraps around: with one NAT gateway every zone uses it.")
                .block(Block.nested("route")
                        .attr("cidr_block", "0.0.0.0/0")
                        .attr("nat_gateway_id", call("element", nat.ref().splat().attr("id"), Reference.countIndex())))
                .attr("tags", ctx.nameTag(ctx.named("private", zone)));

        file.comment("Node provisioning files and image layers on S3 travel through this endpoint, not through NAT:",
                "no NAT processing charge, and a first boot does not depend on the NAT gateway.");
        file.resource("aws_vpc_endpoint", "s3")
                .attr("vpc_id", vpc.ref("id"))
                .attr("service_name", "com.amazonaws." + ctx.env().aws().region() + ".s3")
                .attr("vpc_endpoint_type", "Gateway")
                .attr("route_table_ids", privateRoutes.ref().splat().attr("id"))
                .attr("tags", ctx.nameTag("s3"));

        file.resource("aws_route_table_association", "private", zones)
                .attr("count", zones)
                .attr("subnet_id", privateSubnets.ref().index(Reference.countIndex()).attr("id"))
                .attr("route_table_id", privateRoutes.ref().index(Reference.countIndex()).attr("id"));
    }
}
