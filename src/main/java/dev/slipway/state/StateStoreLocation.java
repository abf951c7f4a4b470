package dev.slipway.state;

import java.util.Optional;

/**
 * The spec's {@code stateStore} setting, read: {@code local}, or {@code s3://BUCKET[/PREFIX]} with the state of
 * environment ENV under {@code [PREFIX/]ENV/state/} (the layout of the infra bucket, see
 * {@code Environment.statePrefix()}).
 *
 * @param bucket    the bucket, empty for a local store
 * @param keyPrefix the prefix before {@code ENV/state/}, empty or ending in {@code /}
 */
public record StateStoreLocation(Optional<String> bucket, String keyPrefix) {

    public static StateStoreLocation parse(String setting) {
        if (setting.equals("local")) {
            return new StateStoreLocation(Optional.empty(), "");
        }
        if (!setting.startsWith("s3://")) {
            throw new IllegalArgumentException("stateStore must be local or s3://BUCKET[/PREFIX]: " + setting);
        }
        String rest = setting.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return new StateStoreLocation(Optional.of(rest), "");
        }
        String prefix = rest.substring(slash + 1);
        return new StateStoreLocation(Optional.of(rest.substring(0, slash)),
                prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/");
    }

    public boolean isLocal() {
        return bucket.isEmpty();
    }

    /** The key prefix of one environment's entries, given its {@code ENV/state/}. */
    public String prefixFor(String environmentStatePrefix) {
        return keyPrefix + environmentStatePrefix;
    }
}
