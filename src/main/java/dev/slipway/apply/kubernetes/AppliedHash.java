package dev.slipway.apply.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lets a no-op deploy skip the server-side dry run: every applied object carries
 * {@value #ANNOTATION}, a hash of exactly what Slipway declared. When the live object (from the ApplySet listing)
 * carries the hash of today's desired object, Slipway declares the same fields as last time (none removed), and when
 * every declared value is still there ({@link #declaredValuesPresent}), applying again would change nothing: the
 * object is unchanged without a request. Anything else (a changed render, a field another manager changed, a value
 * the server normalises differently) falls back to the dry run, so the shortcut can only skip work, never hide a
 * change.
 */
final class AppliedHash {
    static final String ANNOTATION = "slipway.dev/applied-hash";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper SORTED = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private AppliedHash() {
    }

    /** A copy of {@code desired} carrying the hash of itself (without the annotation). */
    static HasMetadata stamp(HasMetadata desired) {
        HasMetadata copy = SERIALIZATION.clone(desired);
        Map<String, String> annotations = copy.getMetadata().getAnnotations() == null ? new TreeMap<>()
                : new TreeMap<>(copy.getMetadata().getAnnotations());
        annotations.remove(ANNOTATION);
        copy.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
        String hash = hash(Json.tree(copy));
        annotations.put(ANNOTATION, hash);
        copy.getMetadata().setAnnotations(annotations);
        return copy;
    }

    /** Whether the live object carries the same hash as the stamped desired one. */
    static boolean same(JsonNode desired, JsonNode live) {
        String want = desired.path("metadata").path("annotations").path(ANNOTATION).asText("");
        return !want.isEmpty() && want.equals(live.path("metadata").path("annotations").path(ANNOTATION).asText());
    }

    /** Every value in {@code desired} is in {@code live} (which may have more: defaults, status, other managers'). */
    static boolean declaredValuesPresent(JsonNode desired, JsonNode live) {
        if (desired.isObject()) {
            if (!live.isObject()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> it = desired.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!declaredValuesPresent(e.getValue(), live.path(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (desired.isArray()) {
            if (!live.isArray() || live.size() != desired.size()) {
                return false;
            }
            for (int i = 0; i < desired.size(); i++) {
                if (!declaredValuesPresent(desired.get(i), live.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return desired.equals(live);
    }

    private static String hash(JsonNode tree) {
        try {
            byte[] canonical = SORTED.writeValueAsString(SORTED.treeToValue(tree, Object.class))
                    .getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot hash a Kubernetes object: " + e.getMessage(), e);
        }
    }
}
