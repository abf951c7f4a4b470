package dev.slipway.spec;

import java.util.List;

/**
 * A Kubernetes Secret whose values Slipway never stores in the spec: it reads each key at apply time from an
 * environment variable ({@code fromEnvPrefix + KEY}), replacing the seed's "export the vars, run the secrets script".
 *
 * @param name          Secret name
 * @param keys          the keys it must contain
 * @param fromEnvPrefix prefix of the environment variables holding the values
 */
public record SecretSpec(String name, List<String> keys, String fromEnvPrefix) {
    public SecretSpec {
        keys = List.copyOf(keys);
    }
}
