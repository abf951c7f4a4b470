package dev.slipway.render.terraform;

import dev.slipway.render.hcl.Block;
import dev.slipway.render.hcl.Expression;
import dev.slipway.render.hcl.ObjectExpression;
import dev.slipway.render.hcl.Reference;
import dev.slipway.render.hcl.Template;
import dev.slipway.spec.Environment;
import dev.slipway.versions.Versions;

/** What every Terraform file of one environment is built from. */
record TerraformContext(Environment env, Versions versions) {

    String cluster() {
        return env.clusterName();
    }

    /** The tags on everything: AWS integrations find the cluster by the first, people and bills by the others. */
    ObjectExpression tagObject() {
        return ObjectExpression.builder()
                .put(env.clusterTagKey(), "owned")
                .put(Environment.TERRAFORM_ENV_TAG, env.name())
                .put("slipway/platform", env.platformName())
                .build();
    }

    /** {@code { Name = "CLUSTER-SUFFIX" }} plus {@code extra} key/value pairs. */
    ObjectExpression nameTag(String suffix, String... extra) {
        return nameTag(suffix.isEmpty() ? Expression.string(cluster()) : Expression.string(cluster() + "-" + suffix),
                extra);
    }

    ObjectExpression nameTag(Expression name, String... extra) {
        ObjectExpression.Builder b = ObjectExpression.builder().put("Name", name);
        for (int i = 0; i < extra.length; i += 2) {
            b.put(extra[i], extra[i + 1]);
        }
        return b.build();
    }

    /** {@code "CLUSTER-prefix-${expression}"} */
    Template named(String prefix, Expression suffix) {
        return Template.of(cluster() + "-" + prefix + "-", suffix);
    }

    /**
     * Availability zones the subnets spread over: the spec's; else three when there are three or more controllers
     * (one etcd member per zone, so losing a zone keeps quorum), two otherwise.
     */
    int zoneCount() {
        return dev.slipway.spec.SubnetLayout.zoneCount(env);
    }

    /** One NAT gateway per zone where an outage must not cut egress (protected environments), else one. */
    int natCount() {
        return env.protectedEnv() ? zoneCount() : 1;
    }

    /**
     * {@code data "aws_partition" "current"}, declared in {@code providers.tf}: the partition of the provider's
     * region. ARNs start {@code arn:PARTITION:} and service names {@code REVERSE_DNS_PREFIX.REGION.SERVICE}
     * ({@code com.amazonaws} in aws, {@code cn.com.amazonaws} in aws-cn), so neither is written as a literal.
     */
    static Block partitionData() {
        return Block.data("aws_partition", "current");
    }

    /** {@code data.aws_partition.current.ATTRIBUTE}. */
    static Reference partition(String attribute) {
        return Reference.to(partitionData(), attribute);
    }

    /** {@code "arn:${data.aws_partition.current.partition}:REST"} */
    static Template arn(String rest) {
        return Template.of("arn:", partition("partition"), ":" + rest);
    }

    /** The ARN of one object in the infra bucket, by its full key. */
    Template infraObjectArn(String key) {
        return arn("s3:::" + env.infraBucket() + "/" + key);
    }

    Template infraArnPrefix(String role) {
        return arn("s3:::" + env.infraBucket() + "/" + env.provisioningPrefix() + role + "/*");
    }

    /**
     * {@code name}, or when longer than AWS allows ({@code max}: 32 for load balancers and target groups, 64 for
     * IAM roles) its start plus a short hash of the whole, so it stays unique and the same on every run.
     */
    static String fit(String name, int max) {
        if (name.length() <= max) {
            return name;
        }
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String hash = java.util.HexFormat.of().formatHex(d).substring(0, 8);
            String head = name.substring(0, max - 9);
            while (head.endsWith("-")) {
                head = head.substring(0, head.length() - 1);
            }
            return head + "-" + hash;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
