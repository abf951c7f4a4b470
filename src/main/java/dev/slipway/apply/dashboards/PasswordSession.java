package dev.slipway.apply.dashboards;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.render.k8s.addons.AddonUis;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Slipway's own sign-in to a UI with a password login (Grafana, see {@link AddonUis.PasswordLogin}): posts the user
 * and password to the login API through the API server's service proxy and keeps the session cookie it answers
 * with, in this object only. Signs in again when the UI rejects the cookie (401) or ends it; takes the new value
 * when the UI rotates it. Neither the password nor the cookie is ever in a message, a log or a response.
 */
final class PasswordSession implements UiSession {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final String apiServer;
    private final Supplier<String> servicePath;
    private final AddonUis.PasswordLogin login;
    private final Supplier<Optional<String>> password;
    private String value;

    /**
     * @param servicePath the UI's service proxy path ("" when it is not deployed)
     * @param password    the password, read when a sign-in needs it (empty when the state store has none)
     */
    PasswordSession(HttpClient http, String apiServer, Supplier<String> servicePath, AddonUis.PasswordLogin login,
            Supplier<Optional<String>> password) {
        this.http = http;
        this.apiServer = apiServer.endsWith("/") ? apiServer.substring(0, apiServer.length() - 1) : apiServer;
        this.servicePath = servicePath;
        this.login = login;
        this.password = password;
    }

    @Override
    public synchronized Map<String, String> cookies() {
        if (value == null) {
            value = signIn();
        }
        return Map.of(login.cookieName(), value);
    }

    @Override
    public boolean owns(String cookieName) {
        return cookieName.equals(login.cookieName());
    }

    @Override
    public synchronized boolean rejected(Map<String, String> sent) {
        if (value != null && value.equals(sent.get(login.cookieName()))) {
            value = null;
        }
        return true;
    }

    @Override
    public synchronized void setByUi(String setCookie) {
        String pair = setCookie.split(";", 2)[0];
        String v = pair.substring(pair.indexOf('=') + 1).trim();
        String attributes = setCookie.toLowerCase(Locale.ROOT).replace(" ", "");
        value = v.isEmpty() || attributes.contains(";max-age=0") || attributes.contains(";max-age=-") ? null : v;
    }

    private String signIn() {
        String path = servicePath.get();
        if (path.isEmpty()) {
            throw new SignInFailed("the UI is not deployed");
        }
        String secret = password.get().orElseThrow(() -> new SignInFailed("no state entry "
                + login.passwordStateKey() + " (written by the first deploy)"));
        byte[] body;
        try {
            Map<String, String> credentials = new LinkedHashMap<>();
            credentials.put("user", login.user());
            credentials.put("password", secret);
            body = JSON.writeValueAsBytes(credentials);
        } catch (Exception e) {
            throw new SignInFailed("could not write the sign-in request");
        }
        HttpResponse<byte[]> response;
        try {
            response = http.sendAsync(http.newHttpRequestBuilder().uri(apiServer + path + login.path())
                    .timeout(60, TimeUnit.SECONDS).method("POST", "application/json",
                            new ByteArrayInputStream(body), (long) body.length).build(), byte[].class)
                    .get(90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignInFailed("interrupted while signing in");
        } catch (Exception e) {
            throw new SignInFailed("the sign-in request failed: " + e.getClass().getSimpleName());
        }
        if (response.code() != 200) {
            throw new SignInFailed("the UI refused the sign-in as " + login.user() + ": HTTP "
                    + response.code());
        }
        for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase("set-cookie")) {
                for (String c : header.getValue()) {
                    if (owns(ServiceProxy.cookieName(c))) {
                        String pair = c.split(";", 2)[0];
                        String v = pair.substring(pair.indexOf('=') + 1).trim();
                        if (!v.isEmpty()) {
                            return v;
                        }
                    }
                }
            }
        }
        throw new SignInFailed("the UI accepted the sign-in but set no " + login.cookieName() + " cookie");
    }

    /** Why a sign-in failed; its message never holds the password or a cookie. */
    static final class SignInFailed extends RuntimeException {
        SignInFailed(String message) {
            super(message);
        }
    }

    @Override
    public String toString() {
        return "PasswordSession[" + login.user() + "]";
    }
}
