package dev.slipway.render.k8s.addons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.k8s.RenderedK8s;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Grafana trusts no network: its auth proxy would believe the user header from any address in {@code whitelist}, and
 * with Cilium's tunnel the API server's proxied request need not even come from the VPC range. So the rendered
 * {@code grafana.ini} has no {@code [auth.proxy]} section (Grafana's auth proxy is off unless that section enables
 * it) and names the session cookie {@code slipway dashboards} keeps ({@code [auth] login_cookie_name}, Grafana's
 * configuration key for it, default {@code grafana_session}; rendered explicitly so the name is Slipway's own
 * setting, not an assumed default).
 *
 * <p>Every key the rendered {@code grafana.ini} sets is one Grafana reads: each is listed, in its section, in
 * upstream's grafana/grafana {@code conf/defaults.ini} (read at the reference index's copy named in
 * docs/components.md), where {@code [auth] login_cookie_name = grafana_session}. Grafana ignores a key it does not
 * know, so a misspelt one would silently leave the default in force.
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

    /** Keys of upstream's conf/defaults.ini, by section, transcribed for the sections Slipway renders. */
    private static final Map<String, Set<String>> UPSTREAM_KEYS = Map.of(
            "server", Set.of("protocol", "http_addr", "http_port", "domain", "enforce_domain", "root_url",
                    "serve_from_sub_path", "router_logging", "static_root_path", "enable_gzip", "cert_file",
                    "cert_key", "socket", "cdn_url", "read_timeout"),
            "security", Set.of("disable_initial_admin_creation", "admin_user", "admin_password", "admin_email",
                    "secret_key", "disable_gravatar", "disable_brute_force_login_protection", "cookie_secure",
                    "cookie_samesite", "allow_embedding"),
            "users", Set.of("allow_sign_up", "allow_org_create", "auto_assign_org", "auto_assign_org_role",
                    "default_theme"),
            "auth", Set.of("login_cookie_name", "disable_login_form", "disable_signout_menu"),
            "auth.anonymous", Set.of("enabled", "org_name", "org_role"),
            "analytics", Set.of("reporting_enabled", "check_for_updates", "check_for_plugin_updates"),
            "paths", Set.of("data", "temp_data_lifetime", "logs", "plugins", "provisioning"));

    @Test
    void everyRenderedGrafanaIniKeyIsOneUpstreamsDefaultsIniHas() {
        String section = "";
        for (String line : grafanaIni("prod").lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            if (line.startsWith("[")) {
                section = line.substring(1, line.length() - 1);
                assertThat(UPSTREAM_KEYS).as("section [%s] in upstream's defaults.ini", section).containsKey(section);
            } else {
                String key = line.substring(0, line.indexOf('=')).strip();
                assertThat(UPSTREAM_KEYS.get(section)).as("[%s] %s in upstream's defaults.ini", section, key)
                        .contains(key);
            }
        }
    }

    private static String grafanaIni(String env) {
        return new Grafana().objects(RenderedK8s.input(RenderedK8s.example(env))).stream()
                .filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(c -> c.getData().containsKey("grafana.ini")).findFirst().orElseThrow()
                .getData().get("grafana.ini");
    }
}
