package dev.slipway.spec;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The CPU architecture a node runs, derived from its EC2 instance type ({@link AwsCatalog#architecture}): never
 * written in the spec, so a pool cannot claim one architecture and boot another. One name per world that spells it:
 * {@link #kubernetes()} is Go's {@code GOARCH} (the kubelet's {@code kubernetes.io/arch} label, the {@code dl.k8s.io}
 * path, an image index's platform), {@link #ec2()} the EC2 image's {@code architecture} attribute.
 */
public enum CpuArchitecture {
    AMD64("amd64", "x86_64"),
    ARM64("arm64", "arm64");

    /** The node label the kubelet sets on itself from {@code runtime.GOARCH} (no Slipway label needed). */
    public static final String NODE_LABEL = "kubernetes.io/arch";

    private final String kubernetes;
    private final String ec2;

    CpuArchitecture(String kubernetes, String ec2) {
        this.kubernetes = kubernetes;
        this.ec2 = ec2;
    }

    /** {@code amd64}, {@code arm64}: as Kubernetes, Go and OCI image indexes spell it. */
    public String kubernetes() {
        return kubernetes;
    }

    /** {@code x86_64}, {@code arm64}: as EC2 spells an image's (and an instance type's) architecture. */
    public String ec2() {
        return ec2;
    }

    /** The architecture of an EC2 instance type, e.g. {@code m7g.large} is arm64 (Graviton), {@code g5.xlarge} amd64. */
    public static CpuArchitecture ofInstanceType(String instanceType) {
        // A missing type is reported by validation; nothing renders from such a spec.
        return instanceType != null && AwsCatalog.architecture(instanceType).equals("arm64") ? ARM64 : AMD64;
    }

    /** The architecture by its Kubernetes name ({@code amd64}, {@code arm64}); null for any other text. */
    public static CpuArchitecture byKubernetesName(String name) {
        for (CpuArchitecture a : values()) {
            if (a.kubernetes.equals(name)) {
                return a;
            }
        }
        return null;
    }

    /**
     * When {@code instanceTypes} (one node group's) are not all of one architecture: their types by architecture,
     * e.g. {@code amd64: m6i.large; arm64: m7g.large}; else null. One launch template has one image, so one group
     * must be one architecture.
     */
    public static String mixed(Collection<String> instanceTypes) {
        TreeMap<CpuArchitecture, Set<String>> byArch = instanceTypes.stream().collect(Collectors.groupingBy(
                CpuArchitecture::ofInstanceType, TreeMap::new, Collectors.toCollection(java.util.TreeSet::new)));
        if (byArch.size() < 2) {
            return null;
        }
        return byArch.entrySet().stream().map(e -> e.getKey().kubernetes + ": " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; "));
    }

    /**
     * The architectures an app's or a cron job's image is declared for, amd64 alone when none is: an unmodifiable
     * set in enum order.
     */
    static Set<CpuArchitecture> imageDefault(Set<CpuArchitecture> declared) {
        Set<CpuArchitecture> out = EnumSet.noneOf(CpuArchitecture.class);
        if (declared != null) {
            declared.stream().filter(java.util.Objects::nonNull).forEach(out::add);
        }
        if (out.isEmpty()) {
            out.add(AMD64);
        }
        return java.util.Collections.unmodifiableSet(out);
    }

    /** The architectures of every node of {@code env}: its controllers' and its worker pools'. */
    public static Set<CpuArchitecture> ofNodes(Environment env) {
        Set<CpuArchitecture> out = EnumSet.noneOf(CpuArchitecture.class);
        if (env.controllers() != null && env.controllers().instanceType() != null) {
            out.add(ofInstanceType(env.controllers().instanceType()));
        }
        for (WorkerPoolSpec pool : env.workerPools()) {
            if (pool.instanceType() != null) {
                out.add(ofInstanceType(pool.instanceType()));
            }
        }
        return out;
    }
}
