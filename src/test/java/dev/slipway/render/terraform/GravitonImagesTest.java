package dev.slipway.render.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.ignition.IgnitionFixtures;
import dev.slipway.spec.Environment;
import dev.slipway.spec.OsFamily;
import dev.slipway.spec.OsSpec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * One OS image lookup per node architecture (issue 28). Flatcar publishes each release as
 * {@code Flatcar-CHANNEL-VERSION-hvm} (x86_64) and {@code Flatcar-CHANNEL-VERSION-arm64-hvm} under account
 * 075585003325; Fedora CoreOS as {@code fedora-coreos-VERSION-x86_64} and {@code fedora-coreos-VERSION-aarch64} under
 * 125523088429, described {@code Fedora CoreOS STREAM ...}. The name and description patterns match both, so the EC2
 * {@code architecture} attribute selects, as poseidon/typhoon does (aws/flatcar-linux/kubernetes/ami.tf,
 * aws/fedora-coreos/kubernetes/ami.tf at 21428170: {@code flatcar-arm64}, {@code fedora-coreos-arm}).
 */
class GravitonImagesTest {

    @Test
    void eachNodeUsesTheImageOfItsArchitecture() {
        String controllers = file(IgnitionFixtures.graviton(), "controllers.tf");
        String workers = file(IgnitionFixtures.graviton(), "workers.tf");
        assertThat(block(controllers, "data \"aws_ami\" \"os_arm64\" {")).contains("owners = [\"075585003325\"]",
                "values = [\"Flatcar-stable-*\"]", "name = \"architecture\"\n values = [\"arm64\"]");
        assertThat(block(controllers, "data \"aws_ami\" \"os\" {")).contains("values = [\"x86_64\"]");
        assertThat(block(controllers, "resource \"aws_instance\" \"controllers\" {"))
                .as("t4g.medium controllers").contains("ami = data.aws_ami.os_arm64.id");
        assertThat(block(workers, "resource \"aws_launch_template\" \"workers_graviton\" {"))
                .contains("image_id = data.aws_ami.os_arm64.id",
                        "device_name = data.aws_ami.os_arm64.root_device_name");
        assertThat(block(workers, "resource \"aws_launch_template\" \"workers_general\" {"))
                .contains("image_id = data.aws_ami.os.id");
    }

    @Test
    void fedoraCoreOsArm64IsSelectedTheSameWay() {
        Environment g = IgnitionFixtures.graviton();
        Environment fcos = new Environment(g.platformName(), g.domain(), g.name(), g.protectedEnv(), g.aws(),
                g.sshAuthorizedKeys(), g.kubernetes(), new OsSpec(OsFamily.FEDORA_COREOS, "stable"), g.network(),
                g.controllers(), g.workerPools(), g.volumes(), g.addons(), g.mongo(), g.secrets(), g.apps(),
                g.cronJobs());
        assertThat(block(file(fcos, "controllers.tf"), "data \"aws_ami\" \"os_arm64\" {")).contains(
                "owners = [\"125523088429\"]", "values = [\"Fedora CoreOS stable *\"]", "values = [\"arm64\"]");
    }

    @Test
    void anAmd64EnvironmentHasNoArm64Lookup() {
        assertThat(file(ExampleEnvironments.prod(), "controllers.tf")).doesNotContain("os_arm64")
                .contains("data \"aws_ami\" \"os\" {");
    }

    private static String file(Environment env, String name) {
        return new String(TerraformTrees.render(env).files().get("terraform/" + name).content(), StandardCharsets.UTF_8);
    }

    private static String block(String text, String header) {
        int at = text.indexOf(header);
        assertThat(at).as(header).isGreaterThanOrEqualTo(0);
        // Spaces collapsed: the printer aligns each block's "=" to its longest name.
        return text.substring(at, text.indexOf("\n}\n", at)).replaceAll(" +", " ");
    }
}
