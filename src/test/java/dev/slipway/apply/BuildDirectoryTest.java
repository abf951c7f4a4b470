package dev.slipway.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.plan.FileChange;
import dev.slipway.plan.TreeDiff;
import dev.slipway.render.RenderedTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildDirectoryTest {
    @TempDir
    Path dir;

    private static RenderedTree tree(String networkTf) {
        return RenderedTree.builder()
                .text("terraform/network.tf", networkTf)
                .text("terraform/outputs.tf", "# outputs\n")
                .secretText("provisioning/controller/secrets/ca.key", "KEY")
                .build();
    }

    @Test
    void firstApplyCreatesSecondIsANoOp() throws Exception {
        BuildDirectory build = new BuildDirectory(dir.resolve("build/acc"));
        RenderedTree t = tree("vpc\n");
        TreeDiff first = build.diff(t);
        assertThat(first.count(FileChange.Kind.CREATE)).isEqualTo(3);
        build.apply(t, first);

        FileTime before = Files.getLastModifiedTime(dir.resolve("build/acc/terraform/network.tf"));
        TreeDiff second = build.diff(t);
        assertThat(second.isEmpty()).isTrue();
        assertThat(second.count(FileChange.Kind.UNCHANGED)).isEqualTo(3);
        build.apply(t, second);
        assertThat(Files.getLastModifiedTime(dir.resolve("build/acc/terraform/network.tf"))).isEqualTo(before);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve("build/acc/provisioning/controller/secrets/ca.key")))).isEqualTo("rw-------");
    }

    @Test
    void changedFilesAreRewrittenAndStaleOnesRemoved() throws Exception {
        BuildDirectory build = new BuildDirectory(dir);
        RenderedTree withStale = RenderedTree.builder().text("terraform/network.tf", "vpc\n")
                .text("terraform/outputs.tf", "# outputs\n").text("terraform/stale.tf", "old\n")
                .secretText("provisioning/controller/secrets/ca.key", "KEY").build();
        build.apply(withStale, build.diff(withStale));
        Files.createDirectories(dir.resolve("empty/folder"));
        // A temporary file left behind by a killed run must not survive or be reported.
        Files.writeString(dir.resolve("terraform/.network.tf.123.tmp"), "half");

        RenderedTree next = tree("vpc v2\n");
        TreeDiff diff = build.diff(next);
        assertThat(diff.changes()).extracting(FileChange::path, FileChange::kind).contains(
                org.assertj.core.groups.Tuple.tuple("terraform/network.tf", FileChange.Kind.UPDATE),
                org.assertj.core.groups.Tuple.tuple("terraform/stale.tf", FileChange.Kind.DELETE));
        build.apply(next, diff);

        assertThat(Files.readString(dir.resolve("terraform/network.tf"))).isEqualTo("vpc v2\n");
        assertThat(dir.resolve("terraform/stale.tf")).doesNotExist();
        assertThat(dir.resolve("terraform/.network.tf.123.tmp")).doesNotExist();
        assertThat(dir.resolve("empty")).doesNotExist();
        assertThat(build.diff(next).isEmpty()).isTrue();
    }

    @Test
    void terraformsOwnFilesAreNeitherReportedNorRemoved() throws Exception {
        BuildDirectory build = new BuildDirectory(dir);
        build.apply(tree("vpc\n"), build.diff(tree("vpc\n")));
        Files.createDirectories(dir.resolve("terraform/.terraform/providers"));
        Files.writeString(dir.resolve("terraform/.terraform.lock.hcl"), "# lock\n");
        Files.writeString(dir.resolve("terraform/tfplan"), "plan");

        TreeDiff diff = build.diff(tree("vpc v2\n"));
        assertThat(diff.changes()).extracting(FileChange::path).doesNotContain("terraform/.terraform.lock.hcl",
                "terraform/tfplan");
        build.apply(tree("vpc v2\n"), diff);

        assertThat(dir.resolve("terraform/.terraform/providers")).isDirectory();
        assertThat(dir.resolve("terraform/.terraform.lock.hcl")).hasContent("# lock");
        assertThat(dir.resolve("terraform/tfplan")).exists();
    }

    @Test
    void aFileSlipwayDidNotWriteIsNeverDeletedAndTheUsersOwnAreKept() throws Exception {
        BuildDirectory build = new BuildDirectory(dir);
        build.apply(tree("vpc\n"), build.diff(tree("vpc\n")));
        Files.writeString(dir.resolve("terraform/my-override.tf"), "# mine\n");
        Files.writeString(dir.resolve("terraform/user_bastion.tf"), "# mine too\n");
        Files.writeString(dir.resolve("terraform/main_override.tf"), "# and this\n");

        TreeDiff diff = build.diff(tree("vpc v2\n"));
        assertThat(diff.changes()).extracting(FileChange::path, FileChange::kind).contains(
                org.assertj.core.groups.Tuple.tuple("terraform/my-override.tf", FileChange.Kind.UNKNOWN),
                org.assertj.core.groups.Tuple.tuple("terraform/user_bastion.tf", FileChange.Kind.USER),
                org.assertj.core.groups.Tuple.tuple("terraform/main_override.tf", FileChange.Kind.USER));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> build.apply(tree("vpc v2\n"), diff))
                .hasMessageContaining("terraform/my-override.tf");
        assertThat(Files.readString(dir.resolve("terraform/network.tf"))).isEqualTo("vpc\n");

        Files.delete(dir.resolve("terraform/my-override.tf"));
        build.apply(tree("vpc v2\n"), build.diff(tree("vpc v2\n")));
        assertThat(dir.resolve("terraform/user_bastion.tf")).hasContent("# mine too");
        assertThat(dir.resolve("terraform/main_override.tf")).hasContent("# and this");
    }
}
