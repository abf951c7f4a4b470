package dev.slipway.render.k8s.addons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.k8s.RenderedK8s;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dashboards must not start with a key for a removed plugin. The image's entrypoint at 3.3.0
 * (opensearch-project/opensearch-build, docker/release/config/opensearch-dashboards/
 * opensearch-dashboards-docker-entrypoint-3.x.sh, setupSecurityDashboardsPlugin) runs
 * {@code opensearch-dashboards-plugin remove securityDashboards} when {@code DISABLE_SECURITY_DASHBOARDS_PLUGIN=true},
 * then rewrites {@code config/opensearch_dashboards.yml} without its {@code ^opensearch_security} lines; a ConfigMap
 * mount is read-only, so that rewrite cannot happen and the rendered file itself must carry no such key.
 */
class OpenSearchDashboardsTest {
    private final List<HasMetadata> objects = new OpenSearchDashboards().objects(
            RenderedK8s.input(RenderedK8s.example("acc")));

    @Test
    void aDisabledSecurityPluginLeavesNoSecurityKeyInTheMountedConfig() {
        Container ui = deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(ui.getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .contains(org.assertj.core.groups.Tuple.tuple("DISABLE_SECURITY_DASHBOARDS_PLUGIN", "true"));
        String config = config().getData().get("opensearch_dashboards.yml");
        assertThat(config).isNotBlank();
        assertThat(config.lines()).noneMatch(l -> l.startsWith("opensearch_security"));
        // the file the entrypoint would rewrite is this read-only ConfigMap mount
        assertThat(ui.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals(
                "/usr/share/opensearch-dashboards/config/opensearch_dashboards.yml"));
    }

    private Deployment deployment() {
        return objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst()
                .orElseThrow();
    }

    private ConfigMap config() {
        return objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast).findFirst()
                .orElseThrow();
    }
}
