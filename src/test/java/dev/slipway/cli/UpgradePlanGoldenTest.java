package dev.slipway.cli;

import dev.slipway.operate.StepOutcome;
import dev.slipway.operate.upgrade.KubernetesRelease;
import dev.slipway.operate.upgrade.LiveVersions;
import dev.slipway.operate.upgrade.Upgrade;
import dev.slipway.operate.upgrade.UpgradePlanText;
import dev.slipway.plan.Workspace;
import dev.slipway.render.RenderedFile;
import dev.slipway.spec.Environment;
import dev.slipway.testing.GoldenFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan {@code slipway upgrade --env prod --dry-run} shows for the example's prod moving from v1.35.4 to v1.36.3
 * with a passing preflight: the real procedure's steps as its dry-run plan makes them (the snapshot step checked
 * against an empty state store, so it is to do and the rest wait on it), printed as the command prints them, then
 * the versions and preflight lines. Golden file: golden/upgrade-prod/plan.txt. No cluster: the live versions are given
 * ({@code UpgradeCommandTest} reads them from the harness).
 */
class UpgradePlanGoldenTest {
    @TempDir
    Path dir;

    @Test
    void prodFromV1354ToV1363() throws Exception {
        Path spec = dir.resolve("platform.yaml");
        Files.copy(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"), spec);
        Workspace ws = Workspace.load(spec);
        Environment env = ws.environment("prod");
        KubernetesRelease target = KubernetesRelease.of("v1.36.3");
        List<StepOutcome> plan;
        try (Upgrade upgrade = new Upgrade(ws, env, new Upgrade.Inputs(target, null, () -> {
            throw new AssertionError("a dry-run plan reaches no etcd member");
        }, null, null, Map.of(), List::of, null, null, null, null, line -> { }, true))) {
            plan = upgrade.procedure().plan(true);
        }
        LiveVersions live = new LiveVersions("v1.35.4", Map.of("worker-a", "v1.35.4", "worker-b", "v1.35.4",
                "controller-0", "v1.35.4"), Map.of("etcd0", "3.6.8", "etcd1", "3.6.8", "etcd2", "3.6.8"));
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        ProcedurePrinter.printPlan(out, "Upgrade plan for prod (dry run: nothing is changed):", plan);
        UpgradePlanText.lines(live, target, List.of()).forEach(out::println);
        out.flush();
        GoldenFiles.assertMatches("upgrade-prod", Map.of("plan.txt", new RenderedFile("plan.txt",
                text.toString().getBytes(StandardCharsets.UTF_8), false)));
    }
}
