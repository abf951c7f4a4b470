package dev.slipway.spec;

import java.util.Optional;

/**
 * Where Alertmanager sends alerts. The receiver's URL is a secret (webhook URLs of chat tools carry a token), so the
 * spec names a secret under {@code secrets:} and the key in it that holds the URL, never the URL itself.
 *
 * @param webhookSecret name of the secret (under {@code secrets:}) holding the webhook URL; empty: alerts are only
 *                      shown (Grafana, Alertmanager's UI), not sent anywhere
 * @param webhookKey    the key of that secret holding the URL
 */
public record AlertingSpec(Optional<String> webhookSecret, String webhookKey) {
    /** No receiver: alerts are visible in Grafana only. */
    public static final AlertingSpec NONE = new AlertingSpec(Optional.empty(), "URL");
}
