package dev.slipway.render.k8s.addons;

import dev.slipway.testing.ToolRun;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.ComponentBinaries;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered Alertmanager configuration checked by Alertmanager's own {@code amtool} at the version of the rendered
 * image (v0.28.1, built by testing/build-components.sh), run inside the Pod's file system as the Pod sees it
 * ({@link ChrootedTool}). Seen failing with the route naming a receiver that does not exist.
 */
class AlertmanagerConfigToolTest {
    /** amtool check-config (cli/check_config.go at v0.28.1) loads the file as Alertmanager does (config.LoadFile). */
    @Test
    void amtoolAcceptsTheRenderedAlertmanagerConfiguration(@TempDir Path root) throws IOException {
        Container alertmanager = ChrootedTool.layOut(root, ChrootedTool.podSpecOf(Deployment.class, "alertmanager"), "alertmanager");
        Path amtool = ChrootedTool.binaryIn(root, "amtool");

        ToolRun run = ChrootedTool.chroot(root, amtool, "check-config", ChrootedTool.configPath(alertmanager, "--config.file="));

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS")
                .contains(" - " + receivers(root.resolve("etc/alertmanager/alertmanager.yml")) + " receivers");
    }

    /**
     * With {@code addons.alerting.webhookSecret} the receiver reads its URL from a file (url_file; Alertmanager
     * refuses url and url_file together, config/notifiers.go, WebhookConfig.UnmarshalYAML): the rendered text for
     * that case, checked the same way. The file itself is read only when a notification is sent.
     */
    @Test
    void amtoolAcceptsTheWebhookReceiverConfiguration(@TempDir Path root) throws IOException {
        Path config = Files.createDirectories(root.resolve("etc/alertmanager")).resolve("alertmanager.yml");
        Files.writeString(config, Alertmanager.config(Optional.of("url")));
        Path amtool = ChrootedTool.binaryIn(root, "amtool");

        ToolRun run = ChrootedTool.chroot(root, amtool, "check-config", "/etc/alertmanager/alertmanager.yml");

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS").contains(" - " + receivers(config) + " receivers");
    }

    /** The receivers the rendered file defines (the default one and the Watchdog's heartbeat): amtool read them all. */
    private static int receivers(Path config) throws IOException {
        Object parsed = new org.snakeyaml.engine.v2.api.Load(org.snakeyaml.engine.v2.api.LoadSettings.builder().build())
                .loadFromString(Files.readString(config));
        int n = ((java.util.List<?>) ((java.util.Map<?, ?>) parsed).get("receivers")).size();
        assertThat(n).as("receivers in the rendered configuration").isPositive();
        return n;
    }
}
