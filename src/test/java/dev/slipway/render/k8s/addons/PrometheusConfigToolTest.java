package dev.slipway.render.k8s.addons;

import dev.slipway.testing.ToolRun;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.ComponentBinaries;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered Prometheus and Alertmanager configurations checked by the projects' own tools at the versions of the
 * rendered images ({@code promtool} of Prometheus v3.7.3, {@code amtool} of Alertmanager v0.28.1, built by
 * testing/build-components.sh), each run inside the Pod's file system as the Pod sees it (chroot): the ConfigMap at
 * the container's mount path, the service-account volume at /var/run/secrets/kubernetes.io/serviceaccount (with a
 * placeholder token and CA: the check reads only that they exist), because the rendered files name absolute paths.
 */
class PrometheusConfigToolTest {
    /**
     * promtool check config (cmd/promtool/main.go, checkConfig at v0.307.3): parses the configuration, requires
     * every rule file it names and every authorization credentials_file to exist, then checks the rule files as
     * {@code check rules} does — so a rule that does not parse fails here.
     */
    @Test
    void promtoolAcceptsTheRenderedPrometheusConfigurationWithItsRuleFiles(@TempDir Path root) throws IOException {
        Container prometheus = ChrootedTool.layOut(root, ChrootedTool.podSpecOf(StatefulSet.class, "prometheus"), "prometheus");
        ChrootedTool.serviceAccountVolume(root);
        Path promtool = ChrootedTool.binaryIn(root, "promtool");

        ToolRun run = ChrootedTool.chroot(root, promtool, "check", "config", "--lint-fatal",
                ChrootedTool.configPath(prometheus, "--config.file="));

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS: 1 rule files found")
                .contains("SUCCESS: " + renderedAlerts(root) + " rules found");
    }

    @Test
    void promtoolAcceptsTheRenderedAlertRules(@TempDir Path root) throws IOException {
        ChrootedTool.layOut(root, ChrootedTool.podSpecOf(StatefulSet.class, "prometheus"), "prometheus");
        Path promtool = ChrootedTool.binaryIn(root, "promtool");

        ToolRun run = ChrootedTool.chroot(root, promtool, "check", "rules", "--lint-fatal",
                "/etc/prometheus/" + AlertRules.FILE);

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS: " + renderedAlerts(root) + " rules found");
    }

    /** The alerts the rendered rule file defines: promtool must have read every one of them. */
    private static long renderedAlerts(Path root) throws IOException {
        long n = Files.readAllLines(root.resolve("etc/prometheus/" + AlertRules.FILE)).stream()
                .filter(l -> l.strip().startsWith("- alert:")).count();
        assertThat(n).as("alerts in the rendered rule file").isPositive();
        return n;
    }
}
