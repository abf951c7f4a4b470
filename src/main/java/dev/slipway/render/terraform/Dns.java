package dev.slipway.render.terraform;

import static dev.slipway.render.hcl.Expression.list;

import dev.slipway.render.hcl.Block;
import dev.slipway.render.hcl.Reference;

/**
 * {@code dns.tf}: the API server's network load balancers, public and VPC-internal, and the Route53 records
 * {@code api.ENV.DOMAIN} and {@code api-internal.ENV.DOMAIN} (to them) and {@code etcdN.ENV.DOMAIN} (to each
 * controller's private address) in the existing public zone.
 */
final class Dns {
    final TfFile file = new TfFile("dns.tf");
    final Block apiLb;
    final Block apiInternalLb;
    final Block zone;

    Dns(TerraformContext ctx, Settings settings, Network network, Security security, Controllers controllers) {
        int count = ctx.env().controllers().count();
        zone = file.data("aws_route53_zone", "domain")
                .attr("name", ctx.env().domain())
                .attr("private_zone", false);

        apiLb = loadBalancer(ctx, "api", false, network, network.publicSubnets, security.apiLb, controllers, count);
        aliasRecord("api", ctx.env().apiHostname(), apiLb);

        file.comment("The same API servers behind a load balancer inside the VPC, for kubelets and the pod network agent",
                "(nodes' kubeconfigs name " + ctx.env().apiInternalHostname() + "): their API traffic stays in the VPC",
                "instead of leaving through NAT to the public load balancer. Its name resolves to private addresses,",
                "in the public zone like the etcd names below; the API server certificate carries it.");
        apiInternalLb = loadBalancer(ctx, "api_internal", true, network, network.privateSubnets,
                security.apiInternalLb, controllers, count);
        aliasRecord("api_internal", ctx.env().apiInternalHostname(), apiInternalLb);

        file.comment("Private addresses in the public zone, as Typhoon does: only nodes in the VPC can use them, and the",
                "names stay the same when a controller is replaced, so etcd peer URLs and certificates stay valid.");
        file.resource("aws_route53_record", "etcd", count)
                .attr("count", count)
                .attr("zone_id", zone.ref("zone_id"))
                .attr("name", settings.local("etcd_hostnames").index(Reference.countIndex()))
                .attr("type", "A")
                .attr("ttl", 60)
                .attr("records", list(controllers.instances.ref().index(Reference.countIndex()).attr("private_ip")));
    }

    /** {@code HOST} as an alias A record of the load balancer {@code lb}. */
    private void aliasRecord(String name, String host, Block lb) {
        file.resource("aws_route53_record", name)
                .attr("zone_id", zone.ref("zone_id"))
                .attr("name", host)
                .attr("type", "A")
                .block(Block.nested("alias")
                        .attr("name", lb.ref("dns_name"))
                        .attr("zone_id", lb.ref("zone_id"))
                        .attr("evaluate_target_health", true));
    }

    /**
     * A network load balancer on 6443 forwarding to every controller's API server, named {@code NAME} in Terraform
     * ({@code aws_lb.NAME}, {@code aws_lb_target_group.NAME}, {@code aws_lb_listener.NAME}); the attachments are
     * {@code controllers} for the public one (its name since the first release) and {@code NAME_controllers} else.
     */
    private Block loadBalancer(TerraformContext ctx, String name, boolean internal, Network network, Block subnets,
            Block group, Controllers controllers, int count) {
        String awsName = TerraformContext.fit(ctx.cluster() + "-" + name.replace('_', '-'), 32);
        Block lb = file.resource("aws_lb", name)
                .attr("name", awsName)
                .attr("load_balancer_type", "network")
                .attr("internal", internal)
                .attr("subnets", subnets.ref().splat().attr("id"))
                .attr("security_groups", list(group.ref("id")))
                .attr("enable_cross_zone_load_balancing", true)
                .attr("enable_deletion_protection", ctx.env().protectedEnv());
        CheckovSkip.skip(lb, "CKV_AWS_91", "a network load balancer writes access logs for TLS listeners only;"
                + " this one passes TCP through to the API servers, which keep an audit log");
        if (!ctx.env().protectedEnv()) {
            CheckovSkip.skip(lb, "CKV_AWS_150", "an unprotected environment is disposable: slipway down deletes it"
                    + " without a manual step; protected environments get deletion protection");
        }

        Block targets = file.resource("aws_lb_target_group", name)
                .attr("name", awsName)
                .attr("vpc_id", network.vpc.ref("id"))
                .attr("target_type", "instance")
                .attr("protocol", "TCP")
                .attr("port", 6443)
                .comment("Off, so that controllers see the load balancer as the source (see security.tf) and a controller",
                        "reaching the API through the load balancer is not routed back to itself.")
                .attr("preserve_client_ip", "false")
                .comment("/readyz over HTTPS, not a TCP connect: an API server whose etcd is down still accepts",
                        "connections but is not ready. Anonymous requests may read /readyz (system:public-info-viewer);",
                        "the control-plane rehearsal checks that with the rendered flags.")
                .block(Block.nested("health_check")
                        .attr("protocol", "HTTPS")
                        .attr("port", "6443")
                        .attr("path", "/readyz")
                        .attr("interval", 10)
                        .attr("healthy_threshold", 3)
                        .attr("unhealthy_threshold", 3));

        file.resource("aws_lb_listener", name)
                .attr("load_balancer_arn", lb.ref("arn"))
                .attr("protocol", "TCP")
                .attr("port", 6443)
                .block(Block.nested("default_action")
                        .attr("type", "forward")
                        .attr("target_group_arn", targets.ref("arn")));

        file.resource("aws_lb_target_group_attachment", name.equals("api") ? "controllers" : name + "_controllers",
                        count)
                .attr("count", count)
                .attr("target_group_arn", targets.ref("arn"))
                .attr("target_id", controllers.instances.ref().index(Reference.countIndex()).attr("id"))
                .attr("port", 6443);
        return lb;
    }
}
