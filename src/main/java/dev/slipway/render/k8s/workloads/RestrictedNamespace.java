package dev.slipway.render.k8s.workloads;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.Map;

/** A namespace whose Pods must meet the "restricted" Pod Security profile: admission refuses any that do not. */
final class RestrictedNamespace {
    private RestrictedNamespace() {
    }

    static Namespace of(String name) {
        return new NamespaceBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of("pod-security.kubernetes.io/enforce", "restricted",
                        "pod-security.kubernetes.io/warn", "restricted"))
                .endMetadata().build();
    }
}
