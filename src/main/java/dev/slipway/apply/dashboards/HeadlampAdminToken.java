package dev.slipway.apply.dashboards;

import dev.slipway.render.k8s.addons.Headlamp;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/**
 * The only way to act as admin in Headlamp: a token of the {@code headlamp-admin} ServiceAccount, minted on request
 * through the TokenRequest API, valid for minutes. No token Secret exists for that account, so nothing long-lived
 * can leak; the API server's audit log records each minting under the operator's own identity.
 */
final class HeadlampAdminToken {
    static final Duration LIFETIME = Duration.ofMinutes(15);

    private HeadlampAdminToken() {
    }

    static String mint(KubernetesClient client) {
        TokenRequest request = new TokenRequestBuilder().withNewSpec()
                .withExpirationSeconds(LIFETIME.toSeconds()).endSpec().build();
        TokenRequest issued = client.serviceAccounts().inNamespace(Headlamp.NAMESPACE)
                .withName(Headlamp.ADMIN_ACCOUNT).tokenRequest(request);
        return issued.getStatus().getToken();
    }
}
