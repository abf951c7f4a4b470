package dev.slipway.render.ignition;

import static dev.slipway.render.ignition.IgnitionRendererTest.config;
import static dev.slipway.render.ignition.IgnitionRendererTest.inline;
import static dev.slipway.render.ignition.IgnitionRendererTest.unit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.spec.Environment;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 20, item 13: what keeps a node from ending its boot without a kubelet or with Cilium's packets dropped. */
class NodeBootRetryAndRpFilterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The kubelet requires node-hostname.service, so that unit must be retried until the metadata service answers:
     * {@code Restart=on-failure} with a delay, and no start limit (systemd's default, 5 starts in 10 s, would stop it).
     */
    @Test
    void aSlowMetadataServiceDelaysTheKubeletInsteadOfLeavingTheNodeWithout() throws IOException {
        for (Environment env : List.of(IgnitionFixtures.prod(), IgnitionFixtures.fedoraCoreOs())) {
            for (String role : List.of("controller", "worker-general")) {
                JsonNode node = JSON.readTree(config(IgnitionFixtures.render(env).files(), role).content());
                String hostname = unit(node, "node-hostname.service").get("contents").asText();
                assertThat(hostname).as(role).contains("\nRestart=on-failure\n").containsPattern("\nRestartSec=\\d+\n")
                        .contains("\nStartLimitIntervalSec=0\n");
                // StartLimit* belongs to [Unit]; systemd ignores it (with a warning) in [Service].
                assertThat(hostname.indexOf("StartLimitIntervalSec")).as(role).isLessThan(hostname.indexOf("[Service]"));
                assertThat(unit(node, "kubelet.service").get("contents").asText()).as(role)
                        .contains("Requires=node-hostname.service");
            }
        }
    }

    /**
     * systemd's 50-default.conf sets rp_filter=2 on every interface, new ones included; Cilium needs 0 on its
     * interfaces, and the kernel uses max(all, interface). Typhoon's Fedora CoreOS configs set 0 for default and *;
     * so do Slipway's, on both operating systems (Cilium's chart's sysctlfix init container is not rendered).
     */
    @Test
    void reversePathFilteringIsOffForCiliumsInterfacesOnEveryOs() throws IOException {
        for (Environment env : List.of(IgnitionFixtures.prod(), IgnitionFixtures.fedoraCoreOs())) {
            for (String role : List.of("controller", "worker-general")) {
                JsonNode node = JSON.readTree(config(IgnitionFixtures.render(env).files(), role).content());
                String sysctl = inline(node, NodeConfigs.REVERSE_PATH_FILTER);
                assertThat(sysctl).as(env.os().family() + " " + role)
                        .contains("net.ipv4.conf.default.rp_filter = 0\n", "net.ipv4.conf.*.rp_filter = 0\n");
                // Applied after systemd's /usr/lib/sysctl.d/50-default.conf: systemd-sysctl orders files by name.
                String name = NodeConfigs.REVERSE_PATH_FILTER.substring("/etc/sysctl.d/".length());
                assertThat(name).isGreaterThan("50-default.conf");
            }
        }
    }
}
