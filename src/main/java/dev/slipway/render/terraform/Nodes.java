package dev.slipway.render.terraform;

import static dev.slipway.render.hcl.Expression.call;
import static dev.slipway.render.hcl.Expression.list;
import static dev.slipway.render.hcl.Expression.strings;

import dev.slipway.render.hcl.Block;
import dev.slipway.render.hcl.Reference;
import dev.slipway.render.hcl.Template;
import dev.slipway.spec.CpuArchitecture;
import dev.slipway.spec.OsFamily;
import dev.slipway.spec.OsSpec;
import java.util.List;

/** What controllers and workers share: the OS image lookup, Ignition pointer configs, disks and metadata settings. */
final class Nodes {
    static final String FLATCAR_OWNER = "075585003325";
    static final String FEDORA_COREOS_OWNER = "125523088429";

    private Nodes() {
    }

    /**
     * The newest image of the pinned OS channel for {@code arch}, published by the OS project's own AWS account. Both
     * projects publish each release for x86_64 and arm64 under the same owner, name and description patterns (Flatcar
     * {@code Flatcar-CHANNEL-VERSION-hvm} and {@code ...-arm64-hvm}; Fedora CoreOS {@code fedora-coreos-VERSION-x86_64}
     * and {@code ...-aarch64}), so the EC2 {@code architecture} attribute is what tells them apart, as in Typhoon's
     * {@code aws/flatcar-linux/kubernetes/ami.tf} and {@code aws/fedora-coreos/kubernetes/ami.tf}. The amd64 lookup
     * keeps its old name ({@code data.aws_ami.os}); the arm64 one is {@code data.aws_ami.os_arm64}.
     */
    static Block osImage(OsSpec os, CpuArchitecture arch) {
        Block ami = Block.data("aws_ami", osImageName(arch)).attr("most_recent", true);
        if (os.family() == OsFamily.FLATCAR) {
            ami.attr("owners", strings(List.of(FLATCAR_OWNER)))
                    .block(filter("name", "Flatcar-" + os.channel() + "-*"));
        } else {
            ami.attr("owners", strings(List.of(FEDORA_COREOS_OWNER)))
                    .block(filter("name", "fedora-coreos-*"))
                    .block(filter("description", "Fedora CoreOS " + os.channel() + " *"));
        }
        return ami.block(filter("architecture", arch.ec2()))
                .block(filter("virtualization-type", "hvm"));
    }

    static String osImageName(CpuArchitecture arch) {
        return arch == CpuArchitecture.AMD64 ? "os" : "os_" + arch.kubernetes();
    }

    private static Block filter(String name, String value) {
        return Block.nested("filter").attr("name", name).attr("values", strings(List.of(value)));
    }

    /** {@code "${path.module}/../ignition/FILE"}: the pointer config the ignition stage renders beside this folder. */
    static Template ignitionPath(String fileName) {
        return Template.of(Reference.pathModule(), "/../ignition/" + fileName);
    }

    /**
     * IMDSv2 only, hop limit 1: the token's response dies at the first router hop, so host processes and
     * host-network Pods reach the instance metadata and Pods on the pod network do not. A Pod must not borrow the
     * node's IAM role (which reads the node's secrets in S3: the bootstrap token, on controllers the CA key). The
     * cloud controller manager and the EBS CSI controller run on the host network of controllers instead.
     */
    static Block metadataOptions() {
        return Block.nested("metadata_options")
                .attr("http_endpoint", "enabled")
                .attr("http_tokens", "required")
                .comment("Hop limit 1: Pods on the pod network cannot reach instance metadata and borrow this node's",
                        "IAM role (its secrets in S3); host processes and host-network Pods (cloud controller",
                        "manager, EBS CSI controller, on controllers) still can.")
                .attr("http_put_response_hop_limit", 1)
                .comment("Explicit, so an account-level default cannot turn it on: with tags in instance metadata, EC2",
                        "refuses to launch an instance whose tag keys hold '/' or a space (the cluster tag does).")
                .attr("instance_metadata_tags", "disabled");
    }

    /**
     * {@code depends_on} of a node resource: what its first boot needs and its arguments do not reference. Ignition
     * fetches the node's config from S3 once and does not retry a 403 or a timeout, so the role's policy, the route
     * to S3 (gateway endpoint) and the default route through NAT must exist before the node boots. The instance
     * profile itself is referenced; EC2 may not see a new one for some seconds, which the AWS provider's own retry of
     * RunInstances on "Invalid IAM Instance Profile" covers for instances (and Auto Scaling retries a failed launch).
     */
    static dev.slipway.render.hcl.Expression bootDependencies(Network network, Block rolePolicy) {
        List<dev.slipway.render.hcl.Expression> refs = new java.util.ArrayList<>();
        refs.add(rolePolicy.ref());
        network.bootPrerequisites.forEach(b -> refs.add(b.ref()));
        return list(refs);
    }

    static Block ignoreChanges(String... attributes) {
        return Block.nested("lifecycle").attr("ignore_changes",
                list(java.util.Arrays.stream(attributes).map(Reference::iterator).toList()));
    }

    static Template countedName(TerraformContext ctx, String role) {
        return ctx.named(role, Reference.countIndex());
    }

    /** Spreads {@code count} instances over the private subnets round-robin. */
    static dev.slipway.render.hcl.Expression subnetFor(Network network) {
        return call("element", network.privateSubnets.ref().splat().attr("id"), Reference.countIndex());
    }
}
