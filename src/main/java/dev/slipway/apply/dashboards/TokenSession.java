package dev.slipway.apply.dashboards;

import dev.slipway.render.k8s.addons.AddonUis;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Kubernetes token {@code slipway dashboards} signs a token-login UI (Headlamp) in with, as that UI's session
 * cookie on the way to the API server (see {@link AddonUis.TokenLogin}). By default a token of the read-only
 * account, minted for the shortest lifetime the API server grants and minted again before it runs out; after
 * {@link #actAsAdmin()}, for {@link #ADMIN_LIFETIME}, a token of the admin account, after which it falls back to
 * read-only by itself. Tokens live in this object only: never in a Secret, a file, a log or a response.
 */
final class TokenSession implements UiSession {
    static final Duration ADMIN_LIFETIME = Duration.ofMinutes(15);
    /** A token with less left than this is not sent: a request must not fail half way for an expired token. */
    static final Duration MARGIN = Duration.ofMinutes(2);
    private final KubernetesClient client;
    private final AddonUis.TokenLogin login;
    private final Clock clock;
    private ServiceAccountToken view;
    private ServiceAccountToken admin;

    TokenSession(KubernetesClient client, AddonUis.TokenLogin login, Clock clock) {
        this.client = client;
        this.login = login;
        this.clock = clock;
    }

    /** The session cookies of the current token, {@code PREFIX.0}, {@code PREFIX.1}... */
    @Override
    public Map<String, String> cookies() {
        String token = current().token();
        Map<String, String> cookies = new LinkedHashMap<>();
        for (int i = 0, n = 0; i < token.length(); i += login.chunkSize(), n++) {
            cookies.put(login.cookiePrefix() + "." + n, token.substring(i, Math.min(token.length(),
                    i + login.chunkSize())));
        }
        return cookies;
    }

    /** The cookie names this session owns: the browser's own cookies of these names are never forwarded. */
    @Override
    public boolean owns(String cookieName) {
        return cookieName.startsWith(login.cookiePrefix() + ".");
    }

    synchronized ServiceAccountToken current() {
        Instant usableUntil = clock.instant().plus(MARGIN);
        if (admin != null && admin.expires().isAfter(usableUntil)) {
            return admin;
        }
        admin = null;
        if (view == null || !view.expires().isAfter(usableUntil)) {
            view = ServiceAccountToken.mint(client, login.namespace(), login.viewAccount(),
                    ServiceAccountToken.SHORTEST);
        }
        return view;
    }

    /** Switches to a newly minted admin token for {@link #ADMIN_LIFETIME}; returns when it ends. */
    synchronized Instant actAsAdmin() {
        admin = ServiceAccountToken.mint(client, login.namespace(), login.adminAccount(), ADMIN_LIFETIME);
        return admin.expires().minus(MARGIN);
    }

    /** Back to the read-only token now. */
    synchronized void readOnly() {
        admin = null;
    }

    /** Until when the admin token is used, or empty when the session is read-only. */
    synchronized Optional<Instant> adminUntil() {
        Instant now = clock.instant();
        return admin == null || !admin.expires().minus(MARGIN).isAfter(now) ? Optional.empty()
                : Optional.of(admin.expires().minus(MARGIN));
    }
}
