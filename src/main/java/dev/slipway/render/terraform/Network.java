package dev.slipway.render.terraform;

import static dev.slipway.render.hcl.Expression.call;
import static dev.slipway.render.hcl.Expression.list;

import dev.slipway.render.hcl.Block;
import dev.slipway.render.hcl.Reference;

/**
 * {@code network.tf}: the VPC, a public and a private subnet per zone, the internet gateway, NAT and route tables.
 * Nodes live in the private subnets; only the API load balancer and the NAT gateways are public. In an existing VPC
 * ({@link ExistingVpc}) the VPC and subnets are read, not created.
 */
final class Network {
    final TfFile file = new TfFile("network.tf");
    final Block vpc;
    final Block publicSubnets;
    final Block privateSubnets;
    /** The NAT gateways' addresses; null in an existing VPC, whose NAT gateways are not Slipway's. */
    final Block natAddresses;
    /**
     * What a node's first boot needs from the network, which its subnet reference alone does not wait for: the
     * private route tables (their inline default route through the NAT gateway, so the table waits for the gateway
     * to be available), their association with the private subnets, and the S3 gateway endpoint (with its routes in
     * those tables), through which Ignition fetches the node's config.
     */
    final java.util.List<Block> bootPrerequisites = new java.util.ArrayList<>();

    Network(TerraformContext ctx, Settings settings) {
        int zones = ctx.zoneCount();
        if (settings.availableZones != null) {
            file.add(settings.availableZones);
            file.add(settings.zonesRecord);
        }
        if (ctx.env().network().usesExistingVpc()) {
            ExistingVpc existing = new ExistingVpc(ctx, settings, file);
            vpc = existing.vpc;
            publicSubnets = existing.publicSubnets;
            privateSubnets = existing.privateSubnets;
            natAddresses = null;
            return;
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

        flowLogs(ctx);

        file.comment("The VPC's default security group admits and sends nothing: every instance and load balancer gets",
                "a group of its own (security.tf), so one placed in the default group by mistake stays isolated.");
        file.resource("aws_default_security_group", "default")
                .attr("vpc_id", vpc.ref("id"))
                .attr("tags", ctx.nameTag("default-unused"));

        file.comment("Node provisioning files and image layers on S3 travel through this endpoint, not through NAT:",
                "no NAT processing charge, and a first boot does not depend on the NAT gateway.");
        Block s3Endpoint = file.resource("aws_vpc_endpoint", "s3")
                .attr("vpc_id", vpc.ref("id"))
                .attr("service_name", dev.slipway.render.hcl.Template.of(TerraformContext.partition("reverse_dns_prefix"),
                        ".", settings.region.ref(), ".s3"))
                .attr("vpc_endpoint_type", "Gateway")
                .attr("route_table_ids", privateRoutes.ref().splat().attr("id"))
                .attr("tags", ctx.nameTag("s3"));

        Block privateAssociations = file.resource("aws_route_table_association", "private", zones)
                .attr("count", zones)
                .attr("subnet_id", privateSubnets.ref().index(Reference.countIndex()).attr("id"))
                .attr("route_table_id", privateRoutes.ref().index(Reference.countIndex()).attr("id"));
        bootPrerequisites.addAll(java.util.List.of(privateRoutes, privateAssociations, s3Endpoint));
    }

    /** Rejected connections into and out of the VPC, for debugging security groups and spotting probes. */
    private void flowLogs(TerraformContext ctx) {
        boolean prod = ctx.env().protectedEnv();
        file.comment("VPC flow logs of rejected traffic (what debugging a security group needs, at a fraction of the",
                "cost of all traffic), kept " + (prod ? "a year" : "30 days") + ".");
        Block group = file.resource("aws_cloudwatch_log_group", "flow_logs")
                .attr("name", "/slipway/" + ctx.cluster() + "/vpc-flow-logs")
                .attr("retention_in_days", prod ? 365 : 30);
        CheckovSkip.skip(group, "CKV_AWS_158", "CloudWatch Logs encrypts at rest with AWS-owned keys; a KMS key"
                + " would add a key policy to manage for network metadata");
        if (!prod) {
            CheckovSkip.skip(group, "CKV_AWS_338", "an unprotected environment keeps its flow logs 30 days");
        }
        Block assume = file.data("aws_iam_policy_document", "flow_logs_assume_role")
                .block(Iam.statement(null, java.util.List.of("sts:AssumeRole"), null)
                        .block(Block.nested("principals")
                                .attr("type", "Service")
                                .attr("identifiers", dev.slipway.render.hcl.Expression.strings(
                                        java.util.List.of("vpc-flow-logs.amazonaws.com")))));
        Block role = file.resource("aws_iam_role", "flow_logs")
                .attr("name", TerraformContext.fit(ctx.cluster() + "-flow-logs", 64))
                .attr("assume_role_policy", assume.ref("json"));
        Block write = file.data("aws_iam_policy_document", "flow_logs")
                .block(Iam.statement("WriteFlowLogs", java.util.List.of("logs:CreateLogStream",
                                "logs:DescribeLogStreams", "logs:PutLogEvents"),
                        list(dev.slipway.render.hcl.Template.of(group.ref("arn"), ":*"))));
        file.resource("aws_iam_role_policy", "flow_logs")
                .attr("name", TerraformContext.fit(ctx.cluster() + "-flow-logs", 64))
                .attr("role", role.ref("id"))
                .attr("policy", write.ref("json"));
        file.resource("aws_flow_log", "network")
                .attr("vpc_id", vpc.ref("id"))
                .attr("traffic_type", "REJECT")
                .attr("log_destination", group.ref("arn"))
                .attr("iam_role_arn", role.ref("arn"))
                .attr("max_aggregation_interval", 600);
    }
}
