package dev.slipway.render.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.RenderedTree;
import dev.slipway.versions.Versions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every image reference in every rendered object of every component (found wherever a field named {@code image}
 * holds a string, so a new kind or an init container cannot slip past) is a value pinned in versions.properties, and
 * names an explicit tag or a digest, never {@code latest} or no tag at all.
 */
class RenderedImagesPinnedTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void everyImageOfEveryComponentIsPinnedInVersions() {
        for (String env : List.of("acc", "prod")) {
            // Slipway's own images come from versions.properties; the app suite's and cron jobs' from the spec.
            Set<String> pinned = new HashSet<>(Versions.bundled().all().values());
            dev.slipway.spec.Environment environment = RenderedK8s.example(env);
            environment.apps().forEach(a -> pinned.add(a.image()));
            environment.cronJobs().forEach(c -> pinned.add(c.image()));
            RenderedTree tree = RenderedK8s.render(environment);
            List<String> images = new ArrayList<>();
            RenderedK8s.allObjects(tree).forEach(o -> collectImages(JSON.convertValue(o, Map.class), images));
            assertThat(images).as("images of " + env).isNotEmpty();
            for (String image : images) {
                assertThat(pinned).as("%s comes from versions.properties or the spec", image).contains(image);
                assertThat(isPinned(image)).as("%s names a tag or a digest, not latest", image).isTrue();
            }
        }
    }

    @Test
    void theCheckRecognisesUnpinnedReferences() {
        assertThat(isPinned("quay.io/cilium/cilium")).isFalse();
        assertThat(isPinned("quay.io/cilium/cilium:latest")).isFalse();
        assertThat(isPinned("localhost:5000/cilium")).isFalse();
        assertThat(isPinned("registry.k8s.io/coredns/coredns:v1.14.2")).isTrue();
        assertThat(isPinned("quay.io/cilium/cilium@sha256:" + "a".repeat(64))).isTrue();
        List<String> found = new ArrayList<>();
        collectImages(Map.of("spec", List.of(Map.of("image", "a:1"), Map.of("initContainers",
                List.of(Map.of("image", "b:2"))))), found);
        assertThat(found).containsExactlyInAnyOrder("a:1", "b:2");
    }

    /** A digest, or a tag after the last path segment that is not {@code latest}. */
    static boolean isPinned(String image) {
        if (image.matches(".+@sha256:[0-9a-f]{64}")) {
            return true;
        }
        String lastSegment = image.substring(image.lastIndexOf('/') + 1);
        int colon = lastSegment.indexOf(':');
        return colon > 0 && colon < lastSegment.length() - 1 && !lastSegment.substring(colon + 1).equals("latest");
    }

    @SuppressWarnings("unchecked")
    static void collectImages(Object node, List<String> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if ("image".equals(k) && v instanceof String s) {
                    out.add(s);
                } else {
                    collectImages(v, out);
                }
            });
        } else if (node instanceof Collection<?> list) {
            list.forEach(v -> collectImages(v, out));
        }
    }
}
