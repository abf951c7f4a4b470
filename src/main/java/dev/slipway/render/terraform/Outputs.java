package dev.slipway.render.terraform;


import dev.slipway.render.hcl.Block;
import dev.slipway.render.hcl.Expression;
import dev.slipway.render.hcl.ObjectExpression;

/** {@code outputs.tf}: what later steps (S3 sync, kubeconfig, StorageClass, rotation) read from the state. */
final class Outputs {
    final TfFile file = new TfFile("outputs.tf");

    Outputs(TerraformContext ctx, Network network, Security security, Controllers controllers, Workers workers,
            Dns dns, Storage storage, Cdn cdn) {
        output("api_lb_dns_name", "DNS name of the API server's load balancer.", dns.apiLb.ref("dns_name"));
        output("api_hostname", "The API server's public name.", Expression.string(ctx.env().apiHostname()));
        output("api_server_url", "The API server's URL through its load balancer (what slipway up waits for).",
                Expression.string(ctx.env().apiServerUrl()));
        output("api_internal_hostname", "The API server's name inside the VPC, which nodes use.",
                Expression.string(ctx.env().apiInternalHostname()));
        output("dns_zone_id", "Route53 zone of " + ctx.env().domain() + ", where the app step adds app hostnames.",
                dns.zone.ref("zone_id"));
        output("vpc_id", "The environment's VPC.", network.vpc.ref("id"));
        output("public_subnet_ids", "Public subnets, one per zone.", network.publicSubnets.ref().splat().attr("id"));
        output("private_subnet_ids", "Private subnets (nodes), one per zone.",
                network.privateSubnets.ref().splat().attr("id"));
        output("controller_security_group_id", "Security group of the controllers.", security.controllers.ref("id"));
        output("worker_security_group_id", "Security group of the workers.", security.workers.ref("id"));
        output("controller_instance_ids", "Controller instances, in etcd member order.",
                controllers.instances.ref().splat().attr("id"));
        output("controller_private_ips", "Controller private addresses, in etcd member order.",
                controllers.instances.ref().splat().attr("private_ip"));
        ObjectExpression.Builder groups = ObjectExpression.builder();
        for (int i = 0; i < workers.groups.size(); i++) {
            groups.put(ctx.env().workerPools().get(i).name(), workers.groups.get(i).ref("name"));
        }
        output("worker_autoscaling_groups", "Auto Scaling group name per worker pool (for node rotation).",
                groups.build());
        output("infra_bucket", "Bucket of Terraform state and node provisioning files.",
                Expression.string(ctx.env().infraBucket()));
        output("app_bucket", "The environment's app bucket.", storage.bucket.ref("id"));
        output("cdn_domain_name", "CloudFront domain serving the app bucket.", cdn.distribution.ref("domain_name"));
        output("cdn_distribution_id", "CloudFront distribution id (for invalidations).", cdn.distribution.ref("id"));
        output("snapshot_tag", "Tag the EBS CSI StorageClass puts on volumes so the snapshot policy covers them.",
                ObjectExpression.builder().put("key", Storage.SNAPSHOT_TAG).put("value", ctx.cluster()).build());
        output("snapshot_policy_id", "Lifecycle policy snapshotting persistent volumes.",
                storage.snapshotPolicy.ref("id"));
    }

    private void output(String name, String description, Expression value) {
        file.add(Block.output(name).attr("description", description).attr("value", value));
    }
}
