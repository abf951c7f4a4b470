package dev.slipway.spec;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Apps and cron jobs need a node their image runs on. Their Pods tolerate no pool taint and are kept to nodes of
 * their image's architectures ({@code kubernetes.io/arch}), so a worker pool that is untainted (nothing
 * {@code NoSchedule}/{@code NoExecute}) and of one of those architectures must exist; otherwise they stay Pending
 * forever, which {@code validate} can say now.
 */
final class ArchitectureRules {
    private final Rules rules;

    ArchitectureRules(Rules rules) {
        this.rules = rules;
    }

    void check(Environment env) {
        String base = "environments." + env.name() + ".";
        List<WorkerPoolSpec> open = env.workerPools().stream().filter(p -> p.instanceType() != null
                && p.taints().stream().noneMatch(ArchitectureRules::repels)).toList();
        for (int i = 0; i < env.apps().size(); i++) {
            AppSpec app = env.apps().get(i);
            String at = base + "apps[" + i + "].architectures";
            if (known(at, app.architectures()) && !open.isEmpty()) {
                runnable(at, "app", app.name(), app.runsOn(), open);
            }
        }
        for (int i = 0; i < env.cronJobs().size(); i++) {
            CronJobSpec job = env.cronJobs().get(i);
            String at = base + "cronJobs[" + i + "].architectures";
            if (known(at, job.architectures()) && !open.isEmpty()) {
                runnable(at, "cron job", job.name(), job.runsOn(), open);
            }
        }
        if (open.isEmpty()) {
            return; // every pool tainted: NodeRules reports that already
        }
        // Slipway's own images that are not published for every architecture (docs/components.md, "Image
        // platforms"), for the parts of the spec that render them; their Pods tolerate no pool taint either.
        if (env.addons() != null && env.addons().metrics() != null && env.addons().metrics().enabled()) {
            ownImage(base + "addons.metrics.enabled", "Grafana (addons.metrics)", "addons.grafana.image", open);
        }
        if (env.mongo() != null && env.mongo().enabled() && env.mongo().backup() != null
                && env.mongo().backup().enabled()) {
            ownImage(base + "mongo.backup", "the MongoDB backup job's AWS CLI", "awscli.image", open);
        }
    }

    private void ownImage(String path, String what, String imageKey, List<WorkerPoolSpec> open) {
        Set<CpuArchitecture> archs = java.util.EnumSet.noneOf(CpuArchitecture.class);
        String platforms = dev.slipway.versions.Versions.bundled().all().get(imageKey
                + dev.slipway.versions.ImagePlatforms.SUFFIX);
        if (platforms == null) {
            return;
        }
        for (String platform : platforms.split(",")) {
            CpuArchitecture a = CpuArchitecture.byKubernetesName(dev.slipway.versions.ImagePlatforms
                    .architecture(platform));
            if (a != null) {
                archs.add(a);
            }
        }
        if (open.stream().noneMatch(p -> archs.contains(p.architecture()))) {
            String wanted = archs.stream().map(CpuArchitecture::kubernetes).collect(Collectors.joining(", "));
            rules.report(path, what + " runs on " + wanted + " only (its image is not published for the others"
                    + " as far as Slipway knows), but no untainted worker pool is " + wanted, "add a small worker"
                    + " pool of " + wanted + " instance types, e.g. t3.medium");
        }
    }

    /** True when every declared architecture is one Slipway boots (else each wrong one is reported). */
    private boolean known(String path, List<String> names) {
        boolean ok = true;
        for (int j = 0; j < names.size(); j++) {
            ok &= rules.matches(path + "[" + j + "]", names.get(j), SpecPatterns.IMAGE_ARCHITECTURE,
                    "a CPU architecture Slipway boots nodes of", "amd64 or arm64, as in an image's platform"
                            + " linux/amd64, linux/arm64");
        }
        return ok;
    }

    private void runnable(String path, String kind, String name, Set<CpuArchitecture> archs,
            List<WorkerPoolSpec> open) {
        if (open.stream().anyMatch(p -> archs.contains(p.architecture()))) {
            return;
        }
        String wanted = archs.stream().map(CpuArchitecture::kubernetes).collect(Collectors.joining(", "));
        String pools = open.stream().map(p -> p.name() + " (" + p.instanceType() + ", " + p.architecture()
                .kubernetes() + ")").collect(Collectors.joining(", "));
        String other = open.get(0).architecture().kubernetes();
        rules.report(path, kind + " '" + name + "' runs on " + wanted + (archs.equals(Set.of(CpuArchitecture.AMD64))
                ? " only (the default)" : " only") + ", but no untainted worker pool is " + wanted + ": " + pools,
                "add a worker pool of " + wanted + " instance types, or declare architectures: [" + wanted + ", "
                        + other + "] if the image publishes linux/" + other);
    }

    private static boolean repels(String taint) {
        return taint != null && (taint.endsWith(":NoSchedule") || taint.endsWith(":NoExecute"));
    }
}
