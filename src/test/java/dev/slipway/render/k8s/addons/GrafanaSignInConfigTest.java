package dev.slipway.render.k8s.addons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.k8s.RenderedK8s;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Grafana trusts no network: its auth proxy would believe the user header from any address in {@code whitelist}, and
 * with Cilium's tunnel the API server's proxied request need not even come from the VPC range. So the rendered
 * {@code grafana.ini} has no {@code [auth.proxy]} section (Grafana's auth proxy is off unless that section enables
 * it) and names the session cookie {@code slipway dashboards} keeps ({@code [auth] login_cookie_name}, Grafana's
 * configuration key for it, default {@code grafana_session}; rendered explicitly so the name is Slipway's own
 * setting, not an assumed default. Not yet confirmed against Grafana 12.2.1's own configuration reference).
 */
class GrafanaSignInConfigTest {

    @Test
    void grafanaIniHasNoAuthProxyAndNamesTheSessionCookieDashboardsKeeps() {
        for (String env : List.of("acc", "prod")) {
            String ini = grafanaIni(env);
            assertThat(ini).as(env).doesNotContain("[auth.proxy]", "whitelist", "header_name", "X-WEBAUTH");
            assertThat(ini.lines().toList()).as(env).containsSubsequence("[auth]",
                    "login_cookie_name = " + Grafana.SESSION_COOKIE);
            assertThat(ini.lines().toList()).as(env).containsSubsequence("[auth.anonymous]", "enabled = false");
            assertThat(ini).as(env).contains("admin_user = " + Grafana.ADMIN_USER);
        }
        AddonUis.Ui grafana = AddonUis.of(RenderedK8s.example("acc")).stream()
                .filter(u -> u.key().equals("grafana")).findFirst().orElseThrow();
        assertThat(grafana.passwordLogin()).contains(new AddonUis.PasswordLogin("/login", "admin",
                Grafana.ADMIN_PASSWORD_KEY, "grafana_session"));
    }

    private static String grafanaIni(String env) {
        return new Grafana().objects(RenderedK8s.input(RenderedK8s.example(env))).stream()
                .filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(c -> c.getData().containsKey("grafana.ini")).findFirst().orElseThrow()
                .getData().get("grafana.ini");
    }
}
