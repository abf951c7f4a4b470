package dev.slipway.render.ignition;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Prints fabric8 model objects (Jackson-annotated) as YAML or JSON: the one printer of Kubernetes objects in node
 * configs. Plain Jackson mappers, not the fabric8 client's serializer, so rendering stays free of client code.
 */
final class KubeYaml {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private KubeYaml() {
    }

    static String print(Object o) {
        String yaml = YAML.writeValueAsString(o);
        return yaml.endsWith("\n") ? yaml : yaml + "\n";
    }

    static String json(Object o) {
        return JSON.writeValueAsString(o) + "\n";
    }
}
