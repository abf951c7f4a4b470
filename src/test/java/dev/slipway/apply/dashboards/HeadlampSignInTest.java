package dev.slipway.apply.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.render.k8s.RenderedK8s;
import dev.slipway.render.k8s.addons.AddonUis;
import dev.slipway.render.k8s.addons.Headlamp;
import dev.slipway.spec.Environment;
import dev.slipway.state.LocalStateStore;
import dev.slipway.testing.WithKubernetes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * How {@code slipway dashboards} signs Headlamp in, against the real API server, with a real HTTP server standing in
 * for Headlamp in a network namespace ({@link StandIn}) behind the rendered objects' ServiceAccounts and bindings.
 *
 * <p>First what rules out the obvious way: an {@code Authorization} header sent through the API server's service
 * proxy never reaches the Service (the API server authenticates the request and deletes the header), while a
 * {@code Cookie} header does. So Slipway sends Headlamp's own session cookie ({@code headlamp-auth-main.0}, which
 * Headlamp turns into the bearer token of its requests to the API server) with a token it mints: read-only by
 * default, the admin account's after the index page's button, for minutes. The browser never receives a token.
 */
@WithKubernetes
class HeadlampSignInTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SESSION_COOKIE = Pattern.compile(Headlamp.TOKEN_COOKIE + "\\.0=([^;\\s]+)");
    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void headlampGetsAMintedTokenAsItsSessionCookieAndTheBrowserNeverDoes(KubernetesClient client) throws Exception {
        Environment acc = RenderedK8s.example("acc");
        for (HasMetadata o : new Headlamp().objects(RenderedK8s.input(acc))) {
            if (!o.getKind().equals("Deployment") && !o.getKind().equals("Service")) {
                client.resource(o).fieldManager("slipway-test").forceConflicts().serverSideApply();
            }
        }
        try (StandIn standIn = StandIn.start(Files.createTempDirectory("standin"), "Headlamp")) {
            StandIn.serviceAt(client, client.nodes().list().getItems().get(0).getMetadata().getName(),
                    Headlamp.NAMESPACE, Headlamp.NAME);
            String proxy = ServiceProxy.proxyPath(Headlamp.NAMESPACE, Headlamp.NAME, "http");

            // Why a cookie: the API server passes a Cookie header to the Service, never an Authorization header.
            String probeToken = ServiceAccountToken.mint(client, Headlamp.NAMESPACE, Headlamp.NAME,
                    ServiceAccountToken.SHORTEST).token();
            var http = client.getHttpClient();
            var direct = http.sendAsync(http.newHttpRequestBuilder().uri(client.getMasterUrl().toString()
                    .replaceAll("/$", "") + proxy + "/direct").header("Authorization", "Bearer " + probeToken)
                    .header("Cookie", "probe=1").build(), String.class).get(60, TimeUnit.SECONDS);
            assertThat(direct.code()).isEqualTo(200);
            String seenDirect = request(standIn, "/direct");
            assertThat(seenDirect).contains("Cookie: probe=1").doesNotContainIgnoringCase("authorization")
                    .doesNotContain(probeToken);

            List<AddonUis.Ui> uis = AddonUis.of(acc);
            int headlamp = uis.stream().map(AddonUis.Ui::key).toList().indexOf("headlamp");
            int base = DashboardPorts.base(acc.clusterName());
            try (DashboardServer server = DashboardServer.start(client,
                    new LocalStateStore(Files.createTempDirectory("state")), new DashboardServer.Banner(acc.name(),
                    acc.clusterName(), "AA:BB", acc.protectedEnv()), uis, base)) {
                String ui = server.uiUrl(headlamp);
                // read-only by default; what the browser sends as a session or a credential never gets through
                HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(URI.create(ui
                                + "clusters/main/version")).header("Cookie", Headlamp.TOKEN_COOKIE
                                + ".0=forged; theme=light").header("Authorization", "Bearer forged").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
                String seen = request(standIn, "/clusters/main/version");
                assertThat(seen).contains("theme=light").doesNotContain("forged")
                        .doesNotContainIgnoringCase("authorization");
                String viewToken = sessionToken(seen);
                assertThat(identity(client, viewToken)).isEqualTo("system:serviceaccount:headlamp:headlamp");
                assertThat(lifetimeSeconds(viewToken)).isEqualTo(ServiceAccountToken.SHORTEST.toSeconds());
                assertThat(answer.body() + answer.headers().map()).doesNotContain(viewToken);

                // a session cookie the UI sets is not passed to the browser; other cookies are
                HttpResponse<String> signIn = browser.send(HttpRequest.newBuilder(URI.create(ui + "set-cookie"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(signIn.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("theme=dark"))
                        .noneMatch(c -> c.startsWith(Headlamp.TOKEN_COOKIE));

                // the API server rewrites absolute links to its proxy path; following one reaches the right page
                String page = browser.send(HttpRequest.newBuilder(URI.create(ui)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(page).contains("href=\"" + proxy + "/clusters/main/\"");
                assertThat(browser.send(HttpRequest.newBuilder(URI.create(ui.replaceAll("/$", "") + proxy
                        + "/clusters/main/")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                        .isEqualTo(200);
                request(standIn, "/clusters/main/");
                assertThat(Files.readString(standIn.requests).split("----\n")).as("paths the stand-in saw")
                        .noneMatch(r -> r.startsWith("/api/"));

                // admin only from the index page itself, for minutes; the token never appears in a response
                String index = server.indexUrl();
                assertThat(get(index)).contains("id=\"headlamp-state\">read-only", "id=\"headlamp-admin\"");
                HttpResponse<String> foreign = post(index + "headlamp/admin", "http://evil.example");
                assertThat(foreign.statusCode()).isEqualTo(403);
                assertThat(post(index + "headlamp/admin", null).statusCode()).isEqualTo(405);
                HttpResponse<String> elevate = post(index + "headlamp/admin", "http://127.0.0.1:" + base);
                assertThat(elevate.statusCode()).isEqualTo(303);
                String adminIndex = get(index);
                assertThat(adminIndex).contains("ADMIN</b> until", "id=\"headlamp-read-only\"");
                browser.send(HttpRequest.newBuilder(URI.create(ui + "clusters/main/api/v1/secrets")).build(),
                        HttpResponse.BodyHandlers.ofString());
                String adminToken = sessionToken(request(standIn, "/clusters/main/api/v1/secrets"));
                assertThat(identity(client, adminToken)).isEqualTo("system:serviceaccount:headlamp:headlamp-admin");
                assertThat(lifetimeSeconds(adminToken)).isEqualTo(TokenSession.ADMIN_LIFETIME.toSeconds());
                assertThat(adminIndex + elevate.body() + elevate.headers().map()).doesNotContain(adminToken);

                assertThat(post(index + "headlamp/read-only", "http://127.0.0.1:" + base).statusCode())
                        .isEqualTo(303);
                browser.send(HttpRequest.newBuilder(URI.create(ui + "clusters/main/api/v1/pods")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(sessionToken(request(standIn, "/clusters/main/api/v1/pods"))).isEqualTo(viewToken);
            }
        }
        // no token Secret was ever made for either account
        assertThat(client.secrets().inNamespace(Headlamp.NAMESPACE).list().getItems()).isEmpty();
    }

    /** The headers the stand-in logged for the last request of {@code path}. */
    private static String request(StandIn standIn, String path) throws Exception {
        List<String> requests = List.of(Files.readString(standIn.requests).split("----\n"));
        for (int i = requests.size() - 1; i >= 0; i--) {
            if (requests.get(i).startsWith(path + "\n")) {
                return requests.get(i);
            }
        }
        throw new AssertionError("the stand-in never saw " + path);
    }

    private static String sessionToken(String headers) {
        Matcher m = SESSION_COOKIE.matcher(headers);
        assertThat(m.find()).as("a session cookie in " + headers.lines().filter(l -> l.startsWith("Cookie"))
                .map(l -> l.replaceAll("=[^;]{20,}", "=<token>")).toList()).isTrue();
        return m.group(1);
    }

    /** Who the API server says the token is. */
    private static String identity(KubernetesClient client, String token) {
        TokenReview review = client.resource(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec()
                .build()).create();
        assertThat(review.getStatus().getAuthenticated()).isTrue();
        return review.getStatus().getUser().getUsername();
    }

    /** exp - iat of the token's claims. */
    private static long lifetimeSeconds(String token) throws Exception {
        JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                StandardCharsets.UTF_8));
        return claims.path("exp").asLong() - claims.path("iat").asLong();
    }

    private String get(String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** A POST as a browser's form sends it, with {@code origin} (null: a GET instead, to see it refused). */
    private HttpResponse<String> post(String url, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (origin == null) {
            return browser.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
        }
        return browser.send(b.header("Origin", origin).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
