package dev.slipway.apply.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.k8s.RenderedK8s;
import dev.slipway.render.k8s.addons.AddonUis;
import dev.slipway.render.k8s.addons.Grafana;
import dev.slipway.spec.Environment;
import dev.slipway.state.LocalStateStore;
import dev.slipway.testing.KubernetesControlPlane;
import dev.slipway.testing.Openssl;
import dev.slipway.testing.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code slipway dashboards}' servers against the real API server, looked at by a real browser (headless Chromium):
 * the banner of the protected example environment, the cards, and a request through the proxy that reaches a real
 * HTTP server standing in for Grafana (see {@link StandIn}) signed in by Slipway with Grafana's session cookie, which
 * the browser never sees. The screenshot stays in {@code target/dashboards/}.
 */
@WithKubernetes
class DashboardsBrowserTest {
    private static final Path ARTIFACTS = Path.of("target", "dashboards");

    @Test
    void browserSeesBannerCardsAndAUiThroughTheApiServer(KubernetesClient client, KubernetesControlPlane cp)
            throws Exception {
        Files.createDirectories(ARTIFACTS);
        Environment prod = RenderedK8s.example("prod");
        String fingerprint = fingerprint(cp.pki().caCert());
        LocalStateStore state = new LocalStateStore(Files.createTempDirectory("state"));
        String password = "stand-in-admin-password";
        state.write(Grafana.ADMIN_PASSWORD_KEY, password.getBytes(StandardCharsets.UTF_8), true);
        try (StandIn standIn = StandIn.grafana(Files.createTempDirectory("standin"), password)) {
            StandIn.serviceAt(client, cp.nodeNames().get(0), "monitoring", "grafana");
            List<AddonUis.Ui> uis = AddonUis.of(prod);
            int grafana = uis.stream().map(AddonUis.Ui::key).toList().indexOf("grafana");
            int base = DashboardPorts.base(prod.clusterName());
            try (DashboardServer server = DashboardServer.start(client, state, new DashboardServer.Banner(prod.name(),
                    prod.clusterName(), fingerprint, prod.protectedEnv()), uis, base)) {
                String dom = chromium("--dump-dom", server.indexUrl());
                chromium("--screenshot=" + ARTIFACTS.resolve("index-prod.png").toAbsolutePath(),
                        "--window-size=1280,800", server.indexUrl());
                assertThat(dom).contains("class=\"banner protected\"", "PROTECTED ENVIRONMENT: prod",
                        "yourcom-prod", fingerprint);
                assertThat(dom).contains("id=\"card-grafana\" class=\"card ready\"",
                        "id=\"card-headlamp\" class=\"card not-ready\"", "id=\"card-prometheus\"",
                        "id=\"card-opensearch-dashboards\"", "id=\"card-mongo-express\"",
                        "id=\"headlamp-state\">read-only", "id=\"headlamp-admin\"");
                assertThat(ARTIFACTS.resolve("index-prod.png")).isNotEmptyFile();

                String page = chromium("--dump-dom", server.uiUrl(grafana) + "d/slipway-cluster");
                assertThat(page).contains("stand-in Grafana");
                // a browser sending a Grafana session or a credential of its own gets neither through
                HttpResponse<String> direct = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create(server.uiUrl(grafana) + "api/user"))
                        .header("Cookie", "grafana_session=forged").header("Authorization", "Bearer forged").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(direct.statusCode()).isEqualTo(200);
                assertThat(direct.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("grafana_session="));
                assertThat(direct.body() + direct.headers().map()).doesNotContain(password, "session1");
                String seen = Files.readString(standIn.requests);
                assertThat(seen).contains("/d/slipway-cluster", "/api/user");
                // Slipway signed in once; every other request (the browser's page and favicon, the forged one)
                // arrived with that session, and no browser-made request was refused for want of one
                List<String> requests = List.of(seen.split("----\n"));
                assertThat(requests).filteredOn(r -> r.startsWith("/login\n")).hasSize(1);
                assertThat(requests).filteredOn(r -> !r.startsWith("/login\n")).hasSizeGreaterThanOrEqualTo(2)
                        .allMatch(r -> r.contains("Cookie: grafana_session=session1"));
                assertThat(seen).doesNotContain("mallory", "forged");
            }
        }
    }

    private static String fingerprint(Path caCert) throws Exception {
        Openssl r = Openssl.run("x509", "-in", caCert.toString(), "-noout", "-fingerprint", "-sha256");
        assertThat(r.exitCode()).isZero();
        String out = r.output();
        return out.substring(out.indexOf('=') + 1).trim();
    }

    /** Headless Chromium (Debian's chromium; root needs --no-sandbox), what it printed on stdout. */
    private static String chromium(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("chromium", "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir="
                        + Files.createTempDirectory("chromium")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ARTIFACTS.resolve("chromium.log").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return out;
    }
}
