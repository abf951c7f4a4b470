package dev.slipway.plan;

import dev.slipway.render.PlannedResource;
import dev.slipway.render.RenderedTree;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code slipway plan} reports: every file of the build folder with what the plan does to it (in the words the
 * text output uses: new, changed, removed, unchanged, yours), their counts, and the resources the tree declares,
 * counted per stage and kind. Ordered maps only, so the JSON form is deterministic.
 *
 * @param buildDirectory absolute path of {@code build/ENV/}
 * @param files          every file, relative to {@code buildDirectory}, in path order
 */
public record PlanSummary(
        String platform,
        String environment,
        String buildDirectory,
        boolean dryRun,
        List<File> files,
        Map<String, Long> counts,
        Map<String, Map<String, Integer>> resources) {

    /** One file of the plan. */
    public record File(String path, String change, boolean secret) {
    }

    public static PlanSummary of(String platform, String environment, String buildDirectory, boolean dryRun,
            RenderedTree tree, TreeDiff diff) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (FileChange.Kind k : FileChange.Kind.values()) {
            if (k != FileChange.Kind.UNKNOWN) {
                counts.put(k.word(), diff.count(k));
            }
        }
        List<File> files = diff.changes().stream().map(c -> new File(c.path(), c.kind().word(), c.secret())).toList();
        return new PlanSummary(platform, environment, buildDirectory, dryRun, files, counts, resources(tree));
    }

    /** Resources declared by {@code tree}, counted per stage and kind. */
    public static Map<String, Map<String, Integer>> resources(RenderedTree tree) {
        Map<String, Map<String, Integer>> resources = new TreeMap<>();
        for (PlannedResource r : tree.resources()) {
            resources.computeIfAbsent(r.stage(), s -> new TreeMap<>()).merge(r.kind(), 1, Integer::sum);
        }
        return resources;
    }
}
