package dev.slipway.apply.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** Kubernetes objects as JSON trees, to compare and read fields of any kind alike (typed or custom resources). */
final class Json {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static JsonNode tree(Object kubernetesObject) {
        if (kubernetesObject == null) {
            return MissingNode.getInstance();
        }
        try {
            return MAPPER.readTree(SERIALIZATION.asJson(kubernetesObject));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot read a Kubernetes object as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The node at a dotted path ({@code status.readyReplicas}); missing when any step is missing. */
    static JsonNode at(JsonNode node, String dotted) {
        JsonNode n = node;
        for (String step : dotted.split("\\.")) {
            n = n.path(step);
        }
        return n;
    }

    static long number(JsonNode node, String dotted, long otherwise) {
        JsonNode n = at(node, dotted);
        return n.isNumber() ? n.asLong() : otherwise;
    }

    static String text(JsonNode node, String dotted) {
        JsonNode n = at(node, dotted);
        return n.isValueNode() ? n.asText() : "";
    }
}
