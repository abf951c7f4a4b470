package dev.slipway.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GoldenFiles;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The no-op {@code plan}'s shortcut: when the inputs' fingerprint (spec, state, versions, the Slipway build) and every
 * file match {@code build/ENV/.slipway-build}, nothing is rendered; a change to any of them renders again. The build
 * of Slipway is named explicitly here ("jar-1", "jar-2"), as a jar's path, size and time would name it.
 */
class RenderSkipTest {
    @TempDir
    Path tmp;

    @Test
    void aNoOpPlanSkipsRenderingAndAChangedSpecJarOrFileRendersAgain() throws Exception {
        Path spec = tmp.resolve("platform.yaml");
        Files.copy(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"), spec);

        RenderedBuild first = render(spec, "jar-1");
        assertThat(first.rendered()).as("nothing recorded yet").isTrue();
        RenderedBuild again = render(spec, "jar-1");
        assertThat(again.rendered()).as("same spec, state, versions and jar").isFalse();
        assertThat(again.diff().isEmpty()).isTrue();
        assertThat(files(again)).isEqualTo(files(first));

        Files.writeString(spec, Files.readString(spec) + "# a comment changes the spec's bytes\n");
        assertThat(render(spec, "jar-1").rendered()).as("spec changed").isTrue();
        assertThat(render(spec, "jar-1").rendered()).as("spec unchanged since").isFalse();

        assertThat(render(spec, "jar-2").rendered()).as("another build of Slipway").isTrue();
        assertThat(render(spec, "jar-2").rendered()).isFalse();

        Path build = Workspace.load(spec).buildDirectory("acc");
        Path file = build.resolve(first.tree().files().keySet().iterator().next());
        Files.writeString(file, "edited by hand\n");
        RenderedBuild repaired = render(spec, "jar-2");
        assertThat(repaired.rendered()).as("a rendered file was changed by hand").isTrue();
        assertThat(Files.readAllBytes(file)).isEqualTo(first.tree().files().values().iterator().next().content());
    }

    @Test
    void syncsComparisonSkipsRenderingWithTheFilesAUserAddedUnderProvisioning() throws Exception {
        Path spec = tmp.resolve("platform.yaml");
        Files.copy(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"), spec);
        render(spec, "jar-1");
        Path build = Workspace.load(spec).buildDirectory("acc");
        Files.createDirectories(build.resolve("provisioning/extra"));
        Files.writeString(build.resolve("provisioning/extra/a.txt"), "uploaded as it is\n");

        RenderedBuild compared = compareKeeping(spec, "jar-1");
        assertThat(compared.rendered()).as("the user's file under provisioning/ is no reason to render").isFalse();
        assertThat(compared.diff().of(dev.slipway.plan.FileChange.Kind.UNKNOWN))
                .extracting(dev.slipway.plan.FileChange::path).containsExactly("provisioning/extra/a.txt");
        assertThat(compared.diff().changes()).allMatch(c -> !c.kind().changes()
                || c.kind() == dev.slipway.plan.FileChange.Kind.UNKNOWN);

        String rendered = first(compared);
        Files.writeString(build.resolve(rendered), "edited by hand\n");
        RenderedBuild stale = compareKeeping(spec, "jar-1");
        assertThat(stale.rendered()).as("a rendered file changed by hand").isTrue();
        assertThat(stale.diff().of(dev.slipway.plan.FileChange.Kind.UPDATE))
                .extracting(dev.slipway.plan.FileChange::path).containsExactly(rendered);
    }

    private static String first(RenderedBuild b) {
        return b.tree().files().keySet().iterator().next();
    }

    private static RenderedBuild compareKeeping(Path spec, String slipwayBuild) {
        Workspace ws = Workspace.load(spec);
        Environment env = ws.environment("acc");
        return RenderedBuild.renderTo(ws, env, ws.buildDirectory("acc"), true, true, false, "provisioning/",
                slipwayBuild);
    }

    private static RenderedBuild render(Path spec, String slipwayBuild) {
        Workspace ws = Workspace.load(spec);
        Environment env = ws.environment("acc");
        return RenderedBuild.renderTo(ws, env, ws.buildDirectory("acc"), false, true, true, "", slipwayBuild);
    }

    private static Map<String, String> files(RenderedBuild b) {
        Map<String, String> out = new java.util.TreeMap<>();
        b.tree().files().forEach((path, f) -> out.put(path, new String(f.content(), StandardCharsets.UTF_8)));
        return out;
    }
}
