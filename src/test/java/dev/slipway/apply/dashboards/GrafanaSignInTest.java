package dev.slipway.apply.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.k8s.RenderedK8s;
import dev.slipway.render.k8s.addons.AddonUis;
import dev.slipway.render.k8s.addons.Grafana;
import dev.slipway.spec.Environment;
import dev.slipway.state.LocalStateStore;
import dev.slipway.testing.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How {@code slipway dashboards} signs Grafana in, trusting no network: through the real API server's service proxy
 * to a stand-in for Grafana's login API ({@link StandIn#grafana}; Grafana itself is AGPL and not built here) that
 * records what it receives. The stand-in answers as Grafana's own code does (see {@link StandIn}; read in
 * grafana/grafana pkg/api/login.go, pkg/services/authn/clients/form.go, pkg/services/authn/authn.go, pkg/web/binding.go
 * at the reference index's copies, which docs/components.md names; not run against a real Grafana): {@code POST /login}
 * with the JSON {@code {"user": ..., "password": ...}} answers 200 with the session cookie named by {@code [auth]
 * login_cookie_name} ({@code grafana_session}) followed by {@code grafana_session_expiry}; a request without a live
 * session is answered 401. {@code grafana_session_expiry} (a time, not a secret) may reach the browser, whose Grafana
 * page reads it to schedule the token's rotation; {@code grafana_session} never does.
 *
 * <p>Slipway posts the admin password from the state store, keeps the cookie on its side and adds it to every
 * request; the browser never receives the password or the cookie, and its own cookie of that name never reaches
 * Grafana. A rotated cookie is taken over; a rejected one (401) leads to one new sign-in and the request is sent
 * again.
 */
@WithKubernetes
class GrafanaSignInTest {
    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void dashboardsSignsInWithTheStatePasswordAndKeepsGrafanasSessionFromTheBrowser(KubernetesClient client)
            throws Exception {
        Environment acc = RenderedK8s.example("acc");
        String password = "pw-" + Long.toHexString(System.nanoTime());
        LocalStateStore state = new LocalStateStore(Files.createTempDirectory("state"));
        state.write(Grafana.ADMIN_PASSWORD_KEY, password.getBytes(StandardCharsets.UTF_8), true);
        try (StandIn standIn = StandIn.grafana(Files.createTempDirectory("standin"), password)) {
            StandIn.serviceAt(client, client.nodes().list().getItems().get(0).getMetadata().getName(),
                    "monitoring", "grafana");
            List<AddonUis.Ui> uis = AddonUis.of(acc);
            int grafana = uis.stream().map(AddonUis.Ui::key).toList().indexOf("grafana");
            try (DashboardServer server = DashboardServer.start(client, state, new DashboardServer.Banner(acc.name(),
                    acc.clusterName(), "AA:BB", acc.protectedEnv()), uis, DashboardPorts.base(acc.clusterName()))) {
                String ui = server.uiUrl(grafana);

                // the first request signs in with the state store's password, then carries Grafana's cookie
                HttpResponse<String> first = get(ui + "api/user", "grafana_session=forged; theme=light");
                assertThat(first.statusCode()).isEqualTo(200);
                List<String> logins = requests(standIn, "/login");
                assertThat(logins).hasSize(1);
                assertThat(logins.get(0)).startsWith("/login\n").contains("Content-Type: application/json",
                        "body: {\"user\":\"admin\",\"password\":\"" + password + "\"}");
                String seen = last(standIn, "/api/user");
                assertThat(seen).contains("grafana_session=session1", "theme=light").doesNotContain("forged")
                        .doesNotContainIgnoringCase("authorization");
                assertNothingSecretIn(first, password);

                // Grafana rotates the cookie: Slipway takes the new one, the browser does not get it, no new login
                HttpResponse<String> rotate = get(ui + "rotate", null);
                assertThat(rotate.statusCode()).isEqualTo(200);
                assertNothingSecretIn(rotate, password);
                assertThat(get(ui + "api/dashboards", null).statusCode()).isEqualTo(200);
                assertThat(last(standIn, "/api/dashboards")).contains("grafana_session=session2");
                assertThat(requests(standIn, "/login")).hasSize(1);

                // Grafana ends the session (expiry, restart): the 401 leads to one new sign-in, the browser sees 200
                get(ui + "expire-sessions", null);
                HttpResponse<String> after = get(ui + "api/search", null);
                assertThat(after.statusCode()).isEqualTo(200);
                assertNothingSecretIn(after, password);
                assertThat(requests(standIn, "/login")).hasSize(2);
                assertThat(last(standIn, "/api/search")).contains("grafana_session=session3");

                // a change from another web site's page is refused before it reaches Grafana with the session;
                // this port's own page may, and Grafana is not shown an Origin it would take for a foreign one
                int before = requests(standIn, "/api/dashboards/db").size();
                assertThat(post(ui + "api/dashboards/db", "http://evil.example").statusCode()).isEqualTo(403);
                assertThat(requests(standIn, "/api/dashboards/db")).hasSize(before);
                assertThat(post(ui + "api/dashboards/db", ui.replaceAll("/$", "")).statusCode()).isEqualTo(200);
                assertThat(last(standIn, "/api/dashboards/db")).contains("grafana_session=session3")
                        .doesNotContainIgnoringCase("origin:");

                // a password Grafana refuses is an error that names neither password; nothing reaches Grafana
                state.write(Grafana.ADMIN_PASSWORD_KEY, "not-the-password".getBytes(StandardCharsets.UTF_8), true);
                get(ui + "expire-sessions", null);
                HttpResponse<String> refused = get(ui + "api/org", null);
                assertThat(refused.statusCode()).isEqualTo(502);
                assertThat(refused.body()).contains("could not sign in", "HTTP 401")
                        .doesNotContain("not-the-password", password);
                assertThat(requests(standIn, "/api/org")).hasSize(1);
            }
        }
    }

    private static void assertNothingSecretIn(HttpResponse<String> response, String password) {
        assertThat(response.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("grafana_session="));
        assertThat(response.body() + response.headers().map()).doesNotContain(password, "session1", "session2",
                "session3");
    }

    private HttpResponse<String> get(String url, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (cookie != null) {
            b.header("Cookie", cookie).header("Authorization", "Bearer forged");
        }
        return browser.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String origin) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).header("Origin", origin)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Every request the stand-in logged for {@code path}, in order. */
    private static List<String> requests(StandIn standIn, String path) throws Exception {
        return List.of(Files.readString(standIn.requests).split("----\n")).stream()
                .filter(r -> r.startsWith(path + "\n")).toList();
    }

    private static String last(StandIn standIn, String path) throws Exception {
        List<String> all = requests(standIn, path);
        assertThat(all).as("requests for " + path).isNotEmpty();
        return all.get(all.size() - 1);
    }
}
