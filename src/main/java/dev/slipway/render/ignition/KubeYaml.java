package dev.slipway.render.ignition;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** Prints fabric8 model objects as YAML: the one printer of Kubernetes objects in node configs. */
final class KubeYaml {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private KubeYaml() {
    }

    static String print(Object o) {
        String yaml = SERIALIZATION.asYaml(o);
        return yaml.endsWith("\n") ? yaml : yaml + "\n";
    }
}
