package dev.slipway.plan;

import dev.slipway.render.PlannedResource;
import dev.slipway.render.RenderedTree;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code slipway plan} reports: the files it wrote or would write, and the resources the tree declares,
 * counted per stage and kind. Ordered maps only, so the JSON form is deterministic.
 */
public record PlanSummary(
        String platform,
        String environment,
        String buildDirectory,
        boolean dryRun,
        Map<String, Long> files,
        Map<String, Map<String, Integer>> resources) {

    public static PlanSummary of(String platform, String environment, String buildDirectory, boolean dryRun,
            RenderedTree tree, TreeDiff diff) {
        Map<String, Long> files = new LinkedHashMap<>();
        files.put("total", (long) tree.files().size());
        for (FileChange.Kind k : FileChange.Kind.values()) {
            files.put(k.name().toLowerCase(java.util.Locale.ROOT), diff.count(k));
        }
        Map<String, Map<String, Integer>> resources = new TreeMap<>();
        for (PlannedResource r : tree.resources()) {
            resources.computeIfAbsent(r.stage(), s -> new TreeMap<>()).merge(r.kind(), 1, Integer::sum);
        }
        return new PlanSummary(platform, environment, buildDirectory, dryRun, files, resources);
    }
}
