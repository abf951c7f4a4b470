package dev.slipway.render.terraform;

import static dev.slipway.render.hcl.Expression.call;
import static dev.slipway.render.hcl.Expression.op;
import static dev.slipway.render.hcl.Expression.string;

import dev.slipway.render.hcl.Block;
import dev.slipway.render.hcl.Expression;
import dev.slipway.render.hcl.ForExpression;
import dev.slipway.render.hcl.ObjectExpression;
import dev.slipway.render.hcl.Reference;
import dev.slipway.render.hcl.TypeConstraint;
import dev.slipway.spec.AwsRole;
import dev.slipway.spec.Environment;
import dev.slipway.spec.SpecPatterns;
import java.util.ArrayList;
import java.util.List;

/**
 * The files that set Terraform up rather than describe infrastructure: {@code versions.tf} (pinned CLI and
 * providers), {@code backend.tf} (state in the shared infra bucket), {@code providers.tf} (region, default tags),
 * {@code variables.tf} (the few values an operator may override for one run) and {@code locals.tf} (names and
 * address ranges derived from the spec, written out so a reader sees the actual values).
 */
final class Settings {
    final TfFile versions = new TfFile("versions.tf");
    final TfFile backend = new TfFile("backend.tf");
    final TfFile providers = new TfFile("providers.tf");
    /** The provider alias for us-east-1, where CloudFront's certificates live. */
    static final String US_EAST_1_ALIAS = "us_east_1";
    /** {@code provider = aws.us_east_1}, for the resources that must be made there. */
    static final dev.slipway.render.hcl.Reference US_EAST_1 = new dev.slipway.render.hcl.Reference("aws",
            List.of(new dev.slipway.render.hcl.Reference.Attr(US_EAST_1_ALIAS)));
    final TfFile variables = new TfFile("variables.tf");
    final TfFile localsFile = new TfFile("locals.tf");

    final Block region;
    final Block adminCidrs;
    final Block controllerInstanceType;
    final Block locals = new Block("locals");
    /** Set when the spec names no zones: the region's zones, looked up (declared in network.tf). */
    final Block availableZones;
    /** With {@link #availableZones}: {@code terraform_data.zones}, the zones recorded at the first apply. */
    final Block zonesRecord;

    Settings(TerraformContext ctx) {
        Environment env = ctx.env();
        versions.add(new Block("terraform")
                .attr("required_version", ctx.versions().get("terraform.requiredVersion"))
                .block(new Block("required_providers").attr("aws", ObjectExpression.builder()
                        .put("source", ctx.versions().get("terraform.provider.aws.source"))
                        .put("version", ctx.versions().get("terraform.provider.aws.version"))
                        .build())));

        backend.comment("State lives in the shared infra bucket under ENV/terraform/, apart from the state store (ENV/state/)"
                + " and the node files (ENV/nodes/) that slipway sync mirrors.",
                "use_lockfile takes an S3 lock object (Terraform 1.10+), so no DynamoDB table is needed.");
        Block s3Backend = new Block("backend", "s3")
                .attr("bucket", env.infraBucket())
                .attr("key", env.terraformStateKey())
                .attr("region", env.aws().region())
                .attr("encrypt", true)
                .attr("use_lockfile", true);
        AwsRole role = env.aws().role();
        if (role != null) {
            // The backend takes assume_role as an argument (an object), the provider as a block.
            s3Backend.attr("assume_role", assumeRole(role, env).build());
        }
        backend.add(new Block("terraform").block(s3Backend));

        region = variable("region", TypeConstraint.STRING,
                "AWS region of every resource of this environment (aws.region in the spec).", string(env.aws().region()));
        Reference regionRef = region.ref();
        region.block(validation(call("can", call("regex", string(SpecPatterns.AWS_REGION), regionRef)),
                "region must be an AWS region name such as eu-west-1."));

        adminCidrs = variable("admin_cidrs", TypeConstraint.listOf(TypeConstraint.STRING),
                "Networks allowed to reach the API server (6443) and SSH (22) directly (aws.adminCidrs in the spec).",
                Expression.strings(env.aws().adminCidrs()));
        adminCidrs.block(validation(
                call("alltrue", new ForExpression("cidr", adminCidrs.ref(),
                        call("can", call("cidrnetmask", Reference.iterator("cidr"))))),
                "admin_cidrs must be IPv4 networks in CIDR notation, such as 203.0.113.0/24."));
        adminCidrs.block(validation(
                op(call("contains", adminCidrs.ref(), string(SpecPatterns.ANYWHERE)), "==", Expression.bool(false)),
                "admin_cidrs must not contain " + SpecPatterns.ANYWHERE + ": that would open the API server and SSH to"
                        + " the internet."));

        controllerInstanceType = variable("controller_instance_type", TypeConstraint.STRING,
                "EC2 instance type of the controllers (controllers.instanceType in the spec).",
                string(env.controllers().instanceType()));
        controllerInstanceType.block(validation(
                call("can", call("regex", string(SpecPatterns.INSTANCE_TYPE), controllerInstanceType.ref())),
                "controller_instance_type must be an EC2 instance type such as m6i.large."));

        Block provider = new Block("provider", "aws").attr("region", regionRef);
        accountOf(provider, env);
        providers.add(provider
                .comment("Tags every resource that supports tags; Auto Scaling groups and the volumes of launched",
                        "instances are tagged explicitly in workers.tf, where default tags do not reach.")
                .block(new Block("default_tags").attr("tags", ctx.tagObject())));
        providers.add(TerraformContext.partitionData()
                .comment("The partition of the region (aws, aws-cn, ...): ARNs and AWS service names are built from"
                        + " it, not written out."));
        Block usEast1 = new Block("provider", "aws")
                .comment("CloudFront accepts certificates from ACM in us-east-1 only (cdn.tf).")
                .attr("alias", US_EAST_1_ALIAS)
                .attr("region", "us-east-1");
        accountOf(usEast1, env);
        providers.add(usEast1.block(new Block("default_tags").attr("tags", ctx.tagObject())));

        List<String> namedZones = dev.slipway.spec.SubnetLayout.namedZones(env);
        if (namedZones.isEmpty()) {
            availableZones = Block.data("aws_availability_zones", "available").attr("state", "available")
                    .comment("Regular zones only: opt-in Local and Wavelength Zones lack most instance types and NAT.",
                            "checkov:skip=CKV_AWS_394:looked up only when the spec names no zones; subnets are created"
                                    + " once, and naming aws.zones in platform.yaml pins them")
                    .block(Block.nested("filter")
                            .attr("name", "opt-in-status")
                            .attr("values", dev.slipway.render.hcl.Expression.list(
                                    dev.slipway.render.hcl.Expression.string("opt-in-not-required"))));
            // The filtered list shrinks or shifts during a zone event; sliced anew at every plan it would move
            // subnets, NAT gateways and controllers. Recorded at the first apply and kept (terraform_data's output
            // is its input after apply: hashicorp/terraform#31757).
            zonesRecord = Block.resource("terraform_data", "zones")
                    .comment("The zones chosen at the first apply; a later zone event does not move the subnets.")
                    .attr("input", call("slice", availableZones.ref("names"), Expression.number(0),
                            Expression.number(ctx.zoneCount())))
                    .block(Nodes.ignoreChanges("input"));
        } else {
            availableZones = null;
            zonesRecord = null;
        }
        locals.attr("tags", ctx.tagObject());
        locals.blank();
        locals.comment(namedZones.isEmpty()
                ? "The region's first " + ctx.zoneCount() + " zones (the spec names none"
                        + (ctx.zoneCount() == 3 ? "; three, so etcd keeps quorum when one zone fails" : "")
                        + "); subnet i lies in zone i."
                : env.network().usesExistingVpc() && env.aws().zones().isEmpty()
                        ? "The zones of the existing VPC's subnets; subnet i lies in zone i."
                        : "The spec's zones; subnet i lies in zone i.");
        locals.attr("zones", availableZones == null ? Expression.strings(namedZones) : zonesRecord.ref("output"));
        if (env.network().usesExistingVpc()) {
            dev.slipway.spec.ExistingVpcSpec existing = env.network().existingVpc();
            locals.comment("The existing VPC and its subnets (network.existingVpc in the spec), read in network.tf.");
            locals.attr("vpc_id", existing.id());
            locals.attr("public_subnet_ids", Expression.strings(
                    existing.subnetIds(dev.slipway.spec.ExistingSubnetSpec.PUBLIC, namedZones)));
            locals.attr("private_subnet_ids", Expression.strings(
                    existing.subnetIds(dev.slipway.spec.ExistingSubnetSpec.PRIVATE, namedZones)));
        } else {
            // One layout for the validator and the renderer: a VPC it cannot hold never reaches this point.
            dev.slipway.spec.SubnetLayout layout = dev.slipway.spec.SubnetLayout.of(env);
            List<Expression> publicCidrs = new ArrayList<>();
            List<Expression> privateCidrs = new ArrayList<>();
            for (int i = 0; i < layout.publicSubnets().size(); i++) {
                publicCidrs.add(string(layout.publicSubnets().get(i).toString()));
                privateCidrs.add(string(layout.privateSubnets().get(i).toString()));
            }
            locals.attr("public_subnet_cidrs", Expression.list(publicCidrs));
            locals.attr("private_subnet_cidrs", Expression.list(privateCidrs));
        }
        locals.blank();
        locals.comment("etcd peers and the etcd certificates use these names; dns.tf points them at the controllers.");
        locals.attr("etcd_hostnames", Expression.strings(env.etcdHostnames()));
        localsFile.add(locals);
    }

    /**
     * For an environment in an account of its own ({@code aws.role}): the provider assumes the same role as Slipway's
     * own clients, and refuses to act in any other account ({@code allowed_account_ids}), whatever credentials the
     * shell has.
     */
    private static void accountOf(Block provider, Environment env) {
        AwsRole role = env.aws().role();
        if (role == null) {
            return;
        }
        provider.attr("allowed_account_ids", Expression.strings(List.of(role.account())));
        Block assume = Block.nested("assume_role");
        assume.attr("role_arn", role.arn()).attr("session_name", role.sessionNameFor(env.clusterName()));
        if (role.externalId() != null) {
            assume.attr("external_id", role.externalId());
        }
        provider.block(assume);
    }

    /** {@code role_arn}, {@code session_name} and, when given, {@code external_id}: as Slipway's clients assume it. */
    private static ObjectExpression.Builder assumeRole(AwsRole role, Environment env) {
        ObjectExpression.Builder b = ObjectExpression.builder()
                .put("role_arn", role.arn())
                .put("session_name", role.sessionNameFor(env.clusterName()));
        if (role.externalId() != null) {
            b.put("external_id", role.externalId());
        }
        return b;
    }

    Reference local(String name) {
        return Reference.local(locals, name);
    }

    private Block variable(String name, TypeConstraint type, String description, Expression defaultValue) {
        return variables.add(Block.variable(name)
                .attr("type", type)
                .attr("description", description)
                .attr("default", defaultValue));
    }

    private static Block validation(Expression condition, String message) {
        return Block.nested("validation").attr("condition", condition).attr("error_message", message);
    }

    List<TfFile> files() {
        return List.of(versions, backend, providers, variables, localsFile);
    }
}
