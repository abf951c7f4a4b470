package dev.slipway.render.k8s.workloads;

/**
 * The annotations through which a rendered {@code Secret} (which carries no data) says where its values come from at
 * apply time, and through which a Pod template says which Secrets it uses (contract 7). The apply layer's resolver
 * reads them; nothing else should spell these names.
 */
public final class SecretAnnotations {
    /** {@code env:PREFIX} (values from environment variables PREFIX + KEY) or {@code state:KEY} (a state entry). */
    public static final String VALUES_FROM = "slipway.dev/values-from";
    /** The keys the Secret holds, comma-separated. */
    public static final String KEYS = "slipway.dev/keys";
    /** On a Pod template: the Secrets (same namespace) its containers read, comma-separated. */
    public static final String USES_SECRETS = "slipway.dev/uses-secrets";
    /** On a Pod template, set at apply time: a short hash of the used Secrets' values, so a change rolls the Pods. */
    public static final String SECRETS_HASH = "slipway.dev/secrets-hash";
    /**
     * On a {@code state:} Secret: Slipway creates the value (48 random bytes, base64) the first time the entry is
     * missing. Without it a missing entry is an error (e.g. AWS keys that only IAM can issue).
     */
    public static final String GENERATE = "slipway.dev/generate";
    public static final String GENERATE_RANDOM = "random";
    public static final String ENV_SOURCE = "env:";
    public static final String STATE_SOURCE = "state:";

    private SecretAnnotations() {
    }
}
