package dev.slipway.render.k8s.workloads;

import dev.slipway.spec.SecretSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import java.util.TreeMap;

/**
 * Secrets as rendered: a name, a type and where the values come from, never a value (contract 7). The apply layer
 * fills in the data just before it applies.
 */
final class RenderedSecrets {
    private RenderedSecrets() {
    }

    /** A Secret whose keys come from environment variables {@code PREFIX + KEY} (the spec's {@code secrets:}). */
    static Secret fromEnvironment(SecretSpec spec, String namespace) {
        return secret(spec.name(), namespace, SecretAnnotations.ENV_SOURCE + spec.fromEnvPrefix(),
                String.join(",", spec.keys()));
    }

    /** A Secret holding one value Slipway generated and keeps in the state store under {@code stateKey}. */
    static Secret fromState(String name, String namespace, String stateKey, String key) {
        return secret(name, namespace, SecretAnnotations.STATE_SOURCE + stateKey, key);
    }

    /** As {@link #fromState}, for a value Slipway generates when the entry does not exist yet. */
    static Secret generated(String name, String namespace, String stateKey, String key) {
        Secret s = fromState(name, namespace, stateKey, key);
        Map<String, String> annotations = new TreeMap<>(s.getMetadata().getAnnotations());
        annotations.put(SecretAnnotations.GENERATE, SecretAnnotations.GENERATE_RANDOM);
        s.getMetadata().setAnnotations(annotations);
        return s;
    }

    private static Secret secret(String name, String namespace, String valuesFrom, String keys) {
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(SecretAnnotations.VALUES_FROM, valuesFrom);
        annotations.put(SecretAnnotations.KEYS, keys);
        return new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withAnnotations(annotations).endMetadata()
                .withType("Opaque")
                .build();
    }
}
