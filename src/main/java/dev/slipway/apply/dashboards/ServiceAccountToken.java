package dev.slipway.apply.dashboards;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;

/**
 * A token of a ServiceAccount, minted through the TokenRequest API with a lifetime of minutes: nothing long-lived
 * exists to leak (no token Secret), and the API server's audit log records each minting under the operator's own
 * identity. Its {@link #toString()} never shows the token.
 *
 * @param account "namespace/name" of the ServiceAccount
 * @param token   the bearer token
 * @param expires when the API server stops accepting it
 */
record ServiceAccountToken(String account, String token, Instant expires) {
    /** The shortest lifetime the API server grants (it refuses expirationSeconds below 600). */
    static final Duration SHORTEST = Duration.ofMinutes(10);

    static ServiceAccountToken mint(KubernetesClient client, String namespace, String account, Duration lifetime) {
        TokenRequest request = new TokenRequestBuilder().withNewSpec()
                .withExpirationSeconds(lifetime.toSeconds()).endSpec().build();
        TokenRequest issued = client.serviceAccounts().inNamespace(namespace).withName(account).tokenRequest(request);
        return new ServiceAccountToken(namespace + "/" + account, issued.getStatus().getToken(),
                Instant.parse(issued.getStatus().getExpirationTimestamp()));
    }

    @Override
    public String toString() {
        return "ServiceAccountToken[" + account + ", expires " + expires + "]";
    }
}
