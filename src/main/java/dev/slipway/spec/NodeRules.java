package dev.slipway.spec;

import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules on where and on what an environment's nodes run: AWS region and zones, SSH keys, Kubernetes version, OS
 * channel, controllers (odd count for etcd quorum) and worker pools.
 */
final class NodeRules {
    private static final Map<OsFamily, List<String>> CHANNELS = Map.of(
            OsFamily.FLATCAR, List.of("stable", "beta", "alpha", "lts"),
            OsFamily.FEDORA_COREOS, List.of("stable", "testing", "next"));

    private final Rules rules;

    NodeRules(Rules rules) {
        this.rules = rules;
    }

    void check(Environment env) {
        String base = "environments." + env.name() + ".";
        aws(base + "aws.", env.aws());
        for (int i = 0; i < env.sshAuthorizedKeys().size(); i++) {
            sshKey(base + "sshAuthorizedKeys[" + i + "]", env.sshAuthorizedKeys().get(i));
        }
        KubernetesSpec k = env.kubernetes();
        if (rules.matches(base + "kubernetes.version", k.version(), SpecPatterns.KUBERNETES_VERSION,
                "a Kubernetes version", "vMAJOR.MINOR.PATCH, e.g. " + dev.slipway.versions.Versions.bundled().kubernetes())) {
            kubernetesMinor(base + "kubernetes.version", k.version());
        }
        rules.matches(base + "kubernetes.clusterDomain", k.clusterDomain(), SpecPatterns.DNS_NAME, "a DNS domain",
                "e.g. cluster.local");
        OsSpec os = env.os();
        if (os.family() != null && os.channel() != null && !CHANNELS.get(os.family()).contains(os.channel())) {
            rules.report(base + "os.channel", "'" + os.channel() + "' is not a " + os.family().specName()
                    + " channel", "one of " + String.join(", ", CHANNELS.get(os.family())));
        }
        controllers(base + "controllers.", env.controllers());
        pools(base + "workerPools", env.workerPools());
        spotAccount(base, env);
        schedulable(base + "workerPools", env.workerPools());
        VolumesSpec v = env.volumes();
        if (v != null) {
            volume(base + "volumes.mongo.", v.mongo());
            volume(base + "volumes.logging.", v.logging());
            volume(base + "volumes.metrics.", v.metrics());
        }
    }

    /**
     * The smallest EBS volume of each type (EC2 CreateVolume / launch template VolumeSize: gp2 and gp3 1 GiB, io1
     * and io2 4 GiB, st1 and sc1 125 GiB); a smaller claim is refused when the EBS CSI driver creates the volume.
     */
    static final Map<String, Integer> EBS_MIN_GIB = Map.of("gp2", 1, "gp3", 1, "io1", 4, "io2", 4, "st1", 125,
            "sc1", 125);

    private void volume(String base, VolumeSpec v) {
        if (v == null || v.type() == null || rules.isBroken(base + "sizeGb")) {
            return;
        }
        Integer min = EBS_MIN_GIB.get(v.type());
        if (min != null && v.sizeGb() < min) {
            rules.report(base + "sizeGb", v.sizeGb() + " GiB is below the smallest " + v.type() + " volume ("
                    + min + " GiB)", "at least " + min + (v.type().startsWith("s") ? ", or type gp3 for a small"
                    + " volume" : ""));
        }
    }

    /**
     * Apps, cron jobs and the add-ons' Deployments tolerate no pool taint (only MongoDB tolerates its own pool's,
     * and the node agents every taint), and controllers are tainted: when every pool repels Pods, nothing of theirs
     * is ever scheduled.
     */
    private void schedulable(String base, List<WorkerPoolSpec> pools) {
        if (pools.isEmpty() || pools.stream().anyMatch(p -> !p.hasSpot()
                && p.taints().stream().noneMatch(NodeRules::repels))) {
            return;
        }
        WorkerPoolSpec first = pools.get(0);
        if (first.hasSpot()) {
            // The spot taint (WorkerPoolSpec.SPOT_TAINT) repels like the spec's own taints; the add-ons never
            // tolerate it, since they keep state or have disruption budgets of their own.
            rules.report(base + "[0].spot", "every worker pool is tainted (NoSchedule or NoExecute; spot pools are"
                    + " tainted " + WorkerPoolSpec.SPOT_TAINT + "), so add-ons, which tolerate no pool taint, can run"
                    + " nowhere", "keep one pool on-demand and untainted");
            return;
        }
        int t = 0;
        while (!repels(first.taints().get(t))) {
            t++;
        }
        rules.report(base + "[0].taints[" + t + "]", "every worker pool is tainted (NoSchedule or NoExecute), so"
                + " apps, cron jobs and add-ons, which tolerate no pool taint, can run nowhere", "leave one pool"
                + " untainted, or use PreferNoSchedule");
    }

    private static boolean repels(String taint) {
        return taint != null && (taint.endsWith(":NoSchedule") || taint.endsWith(":NoExecute"));
    }

    /**
     * Each operator role is a role ARN of the region's partition: the bucket and key policies compare it with
     * {@code aws:PrincipalArn}, which for a session of a role is exactly that ARN, so a user's or an assumed-role
     * session's ARN would never match, and neither would another partition's.
     */
    private void operatorRoles(String base, AwsSpec aws) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < aws.operatorRoles().size(); i++) {
            String path = base + "operatorRoles[" + i + "]";
            String arn = aws.operatorRoles().get(i);
            if (!rules.matches(path, arn, SpecPatterns.IAM_ROLE_ARN, "an IAM role ARN",
                    "arn:aws:iam::ACCOUNT:role/NAME, e.g. arn:aws:iam::111122223333:role/platform-operator (a role,"
                            + " not a user or an assumed-role session)")) {
                continue;
            }
            String partition = arn.split(":", 3)[1];
            String expected = AwsCatalog.partitionOf(aws.region());
            if (expected != null && !partition.equals(expected)) {
                rules.report(path, "'" + arn + "' is in partition " + partition + ", the region " + aws.region()
                        + " is in " + expected, "write arn:" + expected + ":iam::…");
            } else if (!seen.add(arn)) {
                rules.report(path, "'" + arn + "' is listed twice", "list each operator role once");
            }
        }
    }

    /**
     * The role Slipway assumes: a role ARN (its account, 12 digits, is the environment's), of the region's partition
     * (STS of one partition cannot hand out another's sessions, and the Terraform provider's {@code assume_role}
     * would fail the same way); an external id and session name STS accepts.
     */
    private void role(String base, AwsSpec aws) {
        AwsRole role = aws.role();
        if (role == null) {
            return;
        }
        String hint = "arn:aws:iam::ACCOUNT:role/NAME with a 12-digit account, e.g."
                + " arn:aws:iam::222233334444:role/slipway (a role, not a user or an assumed-role session)";
        if (rules.present(base + "arn", role.arn(), hint)
                && rules.matches(base + "arn", role.arn(), SpecPatterns.IAM_ROLE_ARN, "an IAM role ARN", hint)) {
            String expected = AwsCatalog.partitionOf(aws.region());
            if (expected != null && !role.partition().equals(expected)) {
                rules.report(base + "arn", "'" + role.arn() + "' is in partition " + role.partition() + ", the"
                        + " region " + aws.region() + " is in " + expected, "write arn:" + expected + ":iam::…, or"
                        + " name a region of partition " + role.partition());
            }
        }
        if (role.externalId() != null && !role.externalId().matches(AwsRole.EXTERNAL_ID)) {
            // The value itself is not echoed: an external id is not a password, but it is no one else's business.
            rules.report(base + "externalId", "is not an external id STS accepts", "2 to 1224 characters of"
                    + " letters, digits and + = , . @ : / _ -");
        }
        if (role.sessionName() != null) {
            rules.matches(base + "sessionName", role.sessionName(), AwsRole.SESSION_NAME, "a role session name",
                    "2 to 64 characters of letters, digits and + = , . @ _ -, e.g. slipway-prod");
        }
    }

    private void aws(String base, AwsSpec aws) {
        if (rules.present(base + "region", aws.region(), "set aws.region (e.g. eu-west-1) at the top level or in"
                + " the environment")) {
            if (rules.matches(base + "region", aws.region(), SpecPatterns.AWS_REGION, "an AWS region",
                    "e.g. eu-west-1, us-east-2") && !AwsCatalog.regions().contains(aws.region())) {
                rules.report(base + "region", "'" + aws.region() + "' is not an AWS region",
                        DidYouMean.closest(aws.region(), AwsCatalog.regions()).map(c -> "did you mean " + c + "?")
                                .orElse("e.g. eu-west-1, us-east-2"));
            } else if (AwsCatalog.regions().contains(aws.region())
                    && !aws.region().matches(SpecPatterns.AWS_COMMERCIAL_REGION)) {
                rules.report(base + "region", "'" + aws.region() + "' is not in the aws partition (it is in China,"
                        + " GovCloud, an ISO or the European Sovereign Cloud partition)", "Slipway supports the aws"
                        + " partition only: the CDN's certificate comes from ACM in us-east-1, which the other"
                        + " partitions do not reach; use a region such as eu-west-1 or us-east-2");
            }
        }
        operatorRoles(base, aws);
        role(base + "role.", aws);
        for (int i = 0; i < aws.zones().size(); i++) {
            String zone = aws.zones().get(i);
            if (rules.matches(base + "zones[" + i + "]", zone, SpecPatterns.AWS_ZONE, "an availability zone",
                    "e.g. eu-west-1a") && aws.region() != null && aws.region().matches(SpecPatterns.AWS_REGION)
                    && AwsCatalog.regions().contains(aws.region()) && !zone.startsWith(aws.region())) {
                rules.report(base + "zones[" + i + "]", "zone " + zone + " is not in region " + aws.region(),
                        "use " + aws.region() + "a, " + aws.region() + "b, ...");
            }
        }
    }

    private void sshKey(String path, String key) {
        String hint = "an OpenSSH public key line: TYPE BASE64 [comment], as in ~/.ssh/id_ed25519.pub";
        if (key.contains("PRIVATE KEY")) {
            rules.report(path, "is a private key", "paste the public key (.pub) instead, and treat this one as"
                    + " leaked");
            return;
        }
        if (!key.matches(SpecPatterns.SSH_PUBLIC_KEY)) {
            rules.report(path, "does not look like an OpenSSH public key", hint);
            return;
        }
        String[] parts = key.split(" ");
        try {
            byte[] blob = Base64.getDecoder().decode(parts[1]);
            // The key blob starts with its own type as a length-prefixed string; it must agree with the line.
            int len = ((blob[0] & 255) << 24) | ((blob[1] & 255) << 16) | ((blob[2] & 255) << 8) | (blob[3] & 255);
            String inner = new String(blob, 4, len, java.nio.charset.StandardCharsets.US_ASCII);
            if (!inner.equals(parts[0])) {
                rules.report(path, "key data is of type " + inner + " but the line says " + parts[0], hint);
            }
        } catch (RuntimeException e) {
            rules.report(path, "key data is not a valid OpenSSH key blob", hint);
        }
    }

    private void controllers(String base, ControllersSpec c) {
        if (c.count() > 0 && c.count() % 2 == 0) {
            rules.report(base + "count", c.count() + " is even; etcd needs an odd count for quorum",
                    "use 1, 3 or 5");
        }
        if (instanceType(base + "instanceType", c.instanceType())) {
            controllerSize(base + "instanceType", c.instanceType());
        }
    }

    /**
     * A controller runs etcd, the API server, the controller manager and the scheduler: kubeadm's preflight asks for
     * at least 2 CPUs and 1700 MB of memory for a control-plane node. The sizes below that, in the families that have
     * them: nano and micro (at most 1 GiB) and the one-vCPU smalls.
     */
    private void controllerSize(String path, String type) {
        String size = type.substring(type.indexOf('.') + 1);
        if (size.equals("nano") || size.equals("micro") || SMALL_ONE_VCPU.contains(type)) {
            rules.report(path, type + " is too small for a controller (kubeadm asks for at least 2 CPUs and 1700 MB)",
                    "e.g. t3.medium or m6i.large");
        }
    }

    private static final Set<String> SMALL_ONE_VCPU = Set.of("t2.small", "m1.small", "m3.medium", "m1.medium",
            "c1.medium");

    /** True when {@code type} is a usable instance type (else reported). */
    private boolean instanceType(String path, String type) {
        if (!rules.matches(path, type, SpecPatterns.INSTANCE_TYPE, "an EC2 instance type",
                "FAMILY.SIZE, e.g. t3.medium")) {
            return false;
        }
        if (type.startsWith("mac")) {
            // EC2 Mac instances launch only onto an allocated Dedicated Host, which Auto Scaling and this Terraform
            // do not allocate; they run macOS, not Flatcar or Fedora CoreOS.
            rules.report(path, type + " is an EC2 Mac instance: it runs only on a Dedicated Host and macOS",
                    "use an x86_64 Linux type, e.g. m6i.large");
            return false;
        }
        if (!AwsCatalog.instanceTypes().contains(type)) {
            String family = type.substring(0, type.indexOf('.'));
            List<String> sizes = AwsCatalog.instanceTypes().stream().filter(t -> t.startsWith(family + "."))
                    .sorted().toList();
            rules.report(path, "'" + type + "' is not an EC2 instance type", !sizes.isEmpty()
                    ? family + " comes as " + String.join(", ", sizes)
                    : DidYouMean.closest(type, AwsCatalog.instanceTypes()).map(c -> "did you mean " + c + "?")
                            .orElse("e.g. t3.medium, m6i.large"));
        } else {
            return true;
        }
        return false;
    }

    /**
     * A pool's instance types must share one CPU architecture: its launch template names one OS image and its
     * Ignition config one kubelet binary, both per architecture. A spot pool's listed types count (reported at
     * spot.instanceTypes); types that are no EC2 type are reported elsewhere and left out here.
     */
    private void oneArchitecture(String path, List<String> types) {
        String mix = CpuArchitecture.mixed(types.stream().filter(AwsCatalog.instanceTypes()::contains).toList());
        if (mix != null) {
            rules.report(path, "the pool's instance types mix CPU architectures (" + mix + "); one launch template"
                    + " boots one OS image and one kubelet", "make one pool per architecture, e.g. a pool of"
                    + " Graviton types (arm64) beside a pool of x86 types (amd64)");
        }
    }

    private void kubernetesMinor(String path, String version) {
        String minor = version.substring(0, version.lastIndexOf('.'));
        java.util.List<String> supported = java.util.List.of(dev.slipway.versions.Versions.bundled()
                .get("kubernetes.supportedMinors").split(","));
        if (!supported.contains(minor)) {
            rules.report(path, "Kubernetes " + minor + " is not supported by this Slipway", "use a release of "
                    + String.join(", ", supported) + ", e.g. " + dev.slipway.versions.Versions.bundled().kubernetes());
        }
    }

    private void pools(String base, List<WorkerPoolSpec> pools) {
        if (pools.isEmpty()) {
            rules.report(base, "no worker pools", "declare at least one pool to run workloads on");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < pools.size(); i++) {
            WorkerPoolSpec p = pools.get(i);
            String at = base + "[" + i + "].";
            if (rules.matches(at + "name", p.name(), SpecPatterns.DNS_LABEL, "a valid pool name",
                    "a DNS label: lowercase letters, digits and hyphens, starting with a letter")
                    && !names.add(p.name())) {
                rules.report(at + "name", "a second worker pool named '" + p.name() + "'", "pool names are unique");
            }
            if (instanceType(at + "instanceType", p.instanceType())) {
                // A spot pool's listed types too: its launch template overrides share the template's one image.
                oneArchitecture(p.spot() != null && !p.spot().instanceTypes().isEmpty() ? at + "spot.instanceTypes"
                        : at + "instanceType", p.instanceTypes());
            }
            boolean countsRead = !rules.isBroken(at + "min") && !rules.isBroken(at + "desired")
                    && !rules.isBroken(at + "max");
            if (countsRead && (p.min() > p.desired() || p.desired() > p.max())) {
                rules.report(at + (p.min() > p.max() ? "min" : "desired"), "min " + p.min() + ", desired "
                        + p.desired() + ", max " + p.max() + " are out of order", "min <= desired <= max");
            }
            p.labels().forEach((key, value) -> {
                String lp = at + "labels[" + key + "]";
                if (rules.matches(lp, key, SpecPatterns.LABEL_KEY, "a valid label key",
                        "[prefix/]name: name up to 63 letters, digits, '-', '_', '.'; prefix a DNS subdomain")
                        && key.contains("/") && key.substring(0, key.indexOf('/')).length() > 253) {
                    rules.report(lp, "label key prefix is longer than 253 characters", null);
                }
                kubeletLabel(lp, key);
                rules.matches(lp, value, SpecPatterns.LABEL_VALUE, "a valid label value",
                        "up to 63 letters, digits, '-', '_', '.', starting and ending with a letter or digit");
            });
            for (int t = 0; t < p.taints().size(); t++) {
                rules.matches(at + "taints[" + t + "]", p.taints().get(t), SpecPatterns.TAINT, "a valid taint",
                        "key=value:Effect with Effect NoSchedule, PreferNoSchedule or NoExecute");
            }
            if (p.spot() != null) {
                spot(at, p);
            }
        }
    }

    /**
     * A spot block that can never give a spot node is a mistake, not a setting: with the on-demand base at the
     * pool's max, or 100 % on-demand above it, Auto Scaling would launch on-demand only. One instance type of spot
     * is allowed (a warning, not a refusal): it works, but when that one spot pool is reclaimed every node of it is
     * interrupted together and nothing can replace them; AWS's spot guidance asks for several types.
     */
    private void spot(String at, WorkerPoolSpec p) {
        String sp = at + "spot.";
        SpotSpec s = p.spot();
        boolean countsRead = !rules.isBroken(at + "max") && !rules.isBroken(sp + "onDemandBase");
        if (countsRead && s.onDemandBase() > p.max()) {
            rules.report(sp + "onDemandBase", "an on-demand base of " + s.onDemandBase() + " is above the pool's max "
                    + p.max(), "at most " + p.max() + " (max), and below it for any spot node");
        } else if (countsRead && s.onDemandBase() == p.max()) {
            rules.report(sp + "onDemandBase", "an on-demand base of " + s.onDemandBase() + " equals the pool's max:"
                    + " no node of this pool would ever be spot", "lower it below " + p.max() + ", or remove spot:"
                    + " for an on-demand pool");
        } else if (!rules.isBroken(sp + "onDemandPercentAboveBase") && s.onDemandPercentAboveBase() == 100) {
            rules.report(sp + "onDemandPercentAboveBase", "100 percent on-demand above the base: no node of this"
                    + " pool would ever be spot", "lower it (0 puts every node above the base on spot), or remove"
                    + " spot: for an on-demand pool");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < s.instanceTypes().size(); i++) {
            String path = sp + "instanceTypes[" + i + "]";
            String type = s.instanceTypes().get(i);
            if (instanceType(path, type) && !seen.add(type)) {
                rules.report(path, type + " is listed twice", "list each instance type once");
            }
        }
        if (!s.instanceTypes().isEmpty() && p.instanceType() != null && !s.instanceTypes().contains(p.instanceType())
                && !rules.isBroken(sp + "instanceTypes")) {
            rules.report(sp + "instanceTypes", "does not list the pool's instanceType " + p.instanceType() + " (the"
                    + " launch template's type, and the size the pool is planned with)", "add it, e.g. ["
                    + p.instanceType() + ", " + String.join(", ", s.instanceTypes()) + "]");
        }
        if (p.hasSpot() && new HashSet<>(s.overrides(p.instanceType())).size() < 2) {
            rules.warn(s.instanceTypes().isEmpty() ? at + "spot" : sp + "instanceTypes", "spot capacity of one"
                    + " instance type only: when that spot pool is reclaimed, every spot node of "
                    + p.name() + " goes at once and Auto Scaling has no other type to replace them with",
                    "list two or more types of the same size, e.g. instanceTypes: [" + p.instanceType() + ", "
                            + sameSizeExample(p.instanceType()) + "]");
        }
    }

    /**
     * The interruption handler's queue URL names the environment's AWS account, which Slipway knows only from the
     * operator roles' ARNs (the roles Terraform runs as): a spot pool without them could not be handled.
     */
    private void spotAccount(String base, Environment env) {
        for (int i = 0; i < env.workerPools().size(); i++) {
            if (env.workerPools().get(i).hasSpot() && env.aws().operatorRoles().isEmpty()) {
                rules.report(base + "workerPools[" + i + "].spot", "a spot pool needs aws.operatorRoles: the"
                        + " interruption handler's SQS queue URL names the environment's AWS account, which Slipway"
                        + " takes from the operator roles' ARNs", "name the IAM roles that operate " + env.name()
                        + ", e.g. aws: {operatorRoles: [arn:aws:iam::111122223333:role/platform-operator]}");
                return;
            }
        }
    }

    /** Another family's type of the same size, for a hint (m6i.large to m5.large, anything else to m6a.SIZE). */
    private static String sameSizeExample(String type) {
        if (type == null || !type.contains(".")) {
            return "m5.large";
        }
        String size = type.substring(type.indexOf('.') + 1);
        String other = type.startsWith("m5.") ? "m6i." + size : "m5." + size;
        return AwsCatalog.instanceTypes().contains(other) ? other : "m6a." + size;
    }

    /**
     * The kubelet registers the pool's labels on its own Node (--node-labels) and refuses to start with a label in
     * the kubernetes.io or k8s.io namespaces (or below them) unless it is in k8s.io/kubelet's allowed set
     * (pkg/apis/well_known_labels.go, IsKubeletLabel: the namespaces kubelet.kubernetes.io and node.kubernetes.io and
     * below them, and eleven well-known keys); the NodeRestriction admission plugin refuses the same ones.
     */
    static final Set<String> KUBELET_LABELS = Set.of("kubernetes.io/hostname", "topology.kubernetes.io/zone",
            "topology.kubernetes.io/region", "failure-domain.beta.kubernetes.io/zone",
            "failure-domain.beta.kubernetes.io/region", "beta.kubernetes.io/instance-type",
            "node.kubernetes.io/instance-type", "kubernetes.io/os", "kubernetes.io/arch", "beta.kubernetes.io/os",
            "beta.kubernetes.io/arch");
    static final List<String> KUBELET_LABEL_NAMESPACES = List.of("kubelet.kubernetes.io", "node.kubernetes.io");

    static boolean kubeletRefuses(String key) {
        int slash = key.indexOf('/');
        String ns = slash < 0 ? "" : key.substring(0, slash);
        boolean kubernetesNamespace = ns.equals("kubernetes.io") || ns.endsWith(".kubernetes.io")
                || ns.equals("k8s.io") || ns.endsWith(".k8s.io");
        boolean restricted = ns.equals("node-restriction.kubernetes.io") || ns.endsWith(".node-restriction.kubernetes.io");
        return restricted || kubernetesNamespace && !KUBELET_LABELS.contains(key)
                && KUBELET_LABEL_NAMESPACES.stream().noneMatch(a -> ns.equals(a) || ns.endsWith("." + a));
    }

    private void kubeletLabel(String path, String key) {
        if (key != null && key.matches(SpecPatterns.LABEL_KEY) && kubeletRefuses(key)) {
            String name = key.substring(key.indexOf('/') + 1);
            rules.report(path, "the kubelet does not set " + key + " on its own node (the kubernetes.io and k8s.io"
                    + " namespaces are reserved; the node would not start)", "use your own prefix, e.g. "
                    + "example.com/" + name + ", or node.kubernetes.io/" + name);
        }
    }
}
