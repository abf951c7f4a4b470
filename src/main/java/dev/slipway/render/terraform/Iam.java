package dev.slipway.render.terraform;

import dev.slipway.render.ignition.BootstrapTokenRenewal;

import static dev.slipway.render.hcl.Expression.strings;

import dev.slipway.render.hcl.Block;
import dev.slipway.render.hcl.Expression;
import dev.slipway.spec.WorkerPoolSpec;
import java.util.List;

/**
 * {@code iam.tf}: a role and instance profile for the controllers and for each worker pool. Each reads only its own
 * provisioning prefix ({@code s3://INFRA/ENV/controller/}, {@code s3://INFRA/ENV/worker-POOL/}), so a worker cannot
 * read controller secrets, nor one pool another's.
 * Controllers also get what the AWS cloud controller manager and the EBS CSI controller need (both run there);
 * workers need no AWS API at all: the EBS CSI node plugin reads its instance ID, type and zone from its Node object
 * (render/k8s/essentials, EbsCsiDriver). The two controllers run with the host network, since Pods cannot reach
 * instance metadata.
 */
final class Iam {
    final TfFile file = new TfFile("iam.tf");
    final Block controllerProfile;
    /** The controllers' role: the host-network components on controllers act with it (also interruptions.tf). */
    final Block controllerRole;
    /** Instance profile per worker pool, in spec order. */
    final java.util.Map<String, Block> workerProfiles = new java.util.LinkedHashMap<>();
    /**
     * The inline policy of each role, by role resource name ({@code controllers}, {@code workers_POOL}). Instances
     * depend on it explicitly: an instance profile exists before its role's policy does, and Ignition does not retry
     * the 403 a first boot that beats the policy gets from S3.
     */
    final java.util.Map<String, Block> rolePolicies = new java.util.LinkedHashMap<>();

    Iam(TerraformContext ctx) {
        Block assume = file.data("aws_iam_policy_document", "ec2_assume_role")
                .block(statement(null, List.of("sts:AssumeRole"), null)
                        .block(Block.nested("principals")
                                .attr("type", "Service")
                                .attr("identifiers", strings(List.of("ec2.amazonaws.com")))));

        Block controllerPolicy = file.data("aws_iam_policy_document", "controllers")
                .block(statement("ReadOwnProvisioningFiles", List.of("s3:GetObject"),
                        Expression.list(ctx.infraArnPrefix("controller"))))
                .comment("The bootstrap-token-renewal timer reads and replaces the token every role's nodes fetch, only"
                        + " at those keys")
                .block(statement("RenewBootstrapToken", List.of("s3:GetObject", "s3:PutObject"),
                        Expression.list(BootstrapTokenRenewal.keys(ctx.env()).stream()
                                .map(k -> (Expression) ctx.infraObjectArn(k)).toList())))
                .block(statement("CloudControllerManagerDescribe", List.of(
                        "autoscaling:DescribeAutoScalingGroups",
                        "autoscaling:DescribeLaunchConfigurations",
                        "autoscaling:DescribeTags",
                        "ec2:DescribeAvailabilityZones",
                        "ec2:DescribeInstances",
                        "ec2:DescribeInstanceTopology",
                        "ec2:DescribeRegions",
                        "ec2:DescribeRouteTables",
                        "ec2:DescribeSecurityGroups",
                        "ec2:DescribeSubnets",
                        "ec2:DescribeVpcs",
                        "elasticloadbalancing:DescribeListeners",
                        "elasticloadbalancing:DescribeLoadBalancerAttributes",
                        "elasticloadbalancing:DescribeLoadBalancerPolicies",
                        "elasticloadbalancing:DescribeLoadBalancers",
                        "elasticloadbalancing:DescribeTargetGroups",
                        "elasticloadbalancing:DescribeTargetHealth",
                        "kms:DescribeKey"), strings(List.of("*"))))
                .block(statement("CloudControllerManagerServiceLoadBalancers", List.of(
                        "ec2:AuthorizeSecurityGroupIngress",
                        "ec2:CreateSecurityGroup",
                        "ec2:DeleteSecurityGroup",
                        "ec2:ModifyInstanceAttribute",
                        "ec2:RevokeSecurityGroupIngress",
                        "elasticloadbalancing:AddTags",
                        "elasticloadbalancing:ApplySecurityGroupsToLoadBalancer",
                        "elasticloadbalancing:AttachLoadBalancerToSubnets",
                        "elasticloadbalancing:ConfigureHealthCheck",
                        "elasticloadbalancing:CreateListener",
                        "elasticloadbalancing:CreateLoadBalancer",
                        "elasticloadbalancing:CreateLoadBalancerListeners",
                        "elasticloadbalancing:CreateLoadBalancerPolicy",
                        "elasticloadbalancing:CreateTargetGroup",
                        "elasticloadbalancing:DeleteListener",
                        "elasticloadbalancing:DeleteLoadBalancer",
                        "elasticloadbalancing:DeleteLoadBalancerListeners",
                        "elasticloadbalancing:DeleteTargetGroup",
                        "elasticloadbalancing:DeregisterInstancesFromLoadBalancer",
                        "elasticloadbalancing:DeregisterTargets",
                        "elasticloadbalancing:DetachLoadBalancerFromSubnets",
                        "elasticloadbalancing:ModifyListener",
                        "elasticloadbalancing:ModifyLoadBalancerAttributes",
                        "elasticloadbalancing:ModifyTargetGroup",
                        "elasticloadbalancing:RegisterInstancesWithLoadBalancer",
                        "elasticloadbalancing:RegisterTargets",
                        "elasticloadbalancing:SetLoadBalancerPoliciesForBackendServer",
                        "elasticloadbalancing:SetLoadBalancerPoliciesOfListener",
                        "elasticloadbalancing:SetSecurityGroups",
                        "iam:CreateServiceLinkedRole"), strings(List.of("*"))))
                .comment("The cloud controller manager tags the security groups it creates for Service load balancers",
                        "(kubernetes.io/cluster/CLUSTER) in a call of its own, after creating them.")
                .block(statement("CloudControllerManagerTagSecurityGroups", List.of("ec2:CreateTags"),
                        Expression.list(TerraformContext.arn("ec2:*:*:security-group/*"))))
                .block(statement("EbsCsiControllerVolumes", List.of(
                        "ec2:AttachVolume",
                        "ec2:CreateSnapshot",
                        "ec2:DescribeSnapshots",
                        "ec2:DescribeTags",
                        "ec2:DescribeVolumes",
                        "ec2:DescribeVolumesModifications",
                        "ec2:DetachVolume",
                        "ec2:ModifyVolume"), strings(List.of("*"))))
                .block(statement("EbsCsiControllerTagOnCreate", List.of("ec2:CreateTags"),
                        Expression.list(TerraformContext.arn("ec2:*:*:volume/*"),
                                TerraformContext.arn("ec2:*:*:snapshot/*"),
                                TerraformContext.arn("ec2:*:*:security-group/*")))
                        .block(condition("StringEquals", "ec2:CreateAction",
                                List.of("CreateVolume", "CreateSnapshot", "CreateSecurityGroup"))))
                .comment("The CSI driver tags what it creates with ebs.csi.aws.com/cluster=true and may delete only that.")
                .block(statement("EbsCsiControllerCreateVolume", List.of("ec2:CreateVolume"), strings(List.of("*")))
                        .block(condition("StringEquals", "aws:RequestTag/ebs.csi.aws.com/cluster", List.of("true"))))
                .block(statement("EbsCsiControllerDeleteVolume", List.of("ec2:DeleteVolume"), strings(List.of("*")))
                        .block(condition("StringEquals", "ec2:ResourceTag/ebs.csi.aws.com/cluster", List.of("true"))))
                .block(statement("EbsCsiControllerDeleteSnapshot", List.of("ec2:DeleteSnapshot"), strings(List.of("*")))
                        .block(condition("StringEquals", "ec2:ResourceTag/ebs.csi.aws.com/cluster", List.of("true"))));

        for (String check : List.of("CKV_AWS_111", "CKV_AWS_356", "CKV_AWS_109")) {
            CheckovSkip.skip(controllerPolicy, check, "the AWS cloud controller manager and the EBS CSI driver create"
                    + " load balancers, security groups, volumes and snapshots whose ARNs exist only at run time;"
                    + " deleting volumes and snapshots is conditioned on the driver's own tag");
        }
        controllerProfile = role(ctx, "controllers", "controller", assume, controllerPolicy);
        controllerRole = roles.get("controllers");

        for (WorkerPoolSpec pool : ctx.env().workerPools()) {
            String id = Workers.id(pool);
            String roleName = "worker-" + pool.name();
            Block workerPolicy = file.data("aws_iam_policy_document", id)
                    .block(statement("ReadOwnProvisioningFiles", List.of("s3:GetObject"),
                            Expression.list(ctx.infraArnPrefix(roleName))));
            workerProfiles.put(pool.name(), role(ctx, id, roleName, assume, workerPolicy));
        }
    }

    private final java.util.Map<String, Block> roles = new java.util.HashMap<>();

    private Block role(TerraformContext ctx, String name, String roleName, Block assume, Block policy) {
        Block role = file.resource("aws_iam_role", name)
                .attr("name", NodeRoleNames.of(ctx.env(), roleName))
                .attr("assume_role_policy", assume.ref("json"));
        roles.put(name, role);
        rolePolicies.put(name, file.resource("aws_iam_role_policy", name)
                .attr("name", TerraformContext.fit(ctx.cluster() + "-" + roleName, 64))
                .attr("role", role.ref("id"))
                .attr("policy", policy.ref("json")));
        return file.resource("aws_iam_instance_profile", name)
                .attr("name", TerraformContext.fit(ctx.cluster() + "-" + roleName, 64))
                .attr("role", role.ref("name"));
    }

    static Block statement(String sid, List<String> actions, Expression resources) {
        Block s = Block.nested("statement");
        if (sid != null) {
            s.attr("sid", sid);
        }
        s.attr("actions", strings(actions));
        if (resources != null) {
            s.attr("resources", resources);
        }
        return s;
    }

    /** A bucket policy statement that refuses every request to {@code bucket} not made over TLS. */
    static Block denyInsecureTransport(Block bucket) {
        return statement("DenyInsecureTransport", List.of("s3:*"),
                        Expression.list(bucket.ref("arn"),
                                dev.slipway.render.hcl.Template.of(bucket.ref("arn"), "/*")))
                .attr("effect", "Deny")
                .block(Block.nested("principals")
                        .attr("type", "*")
                        .attr("identifiers", strings(List.of("*"))))
                .block(condition("Bool", "aws:SecureTransport", List.of("false")));
    }

    static Block condition(String test, String variable, List<String> values) {
        return Block.nested("condition")
                .attr("test", test)
                .attr("variable", variable)
                .attr("values", strings(values));
    }
}
