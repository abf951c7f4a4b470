package dev.slipway.render.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.render.RenderInput;
import dev.slipway.render.RenderedTree;
import dev.slipway.testing.TestEnvironments;
import dev.slipway.versions.Versions;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class KubernetesRendererTest {

    private static ClusterComponent component(String name, Function<RenderInput, List<HasMetadata>> objects) {
        return new ClusterComponent() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<HasMetadata> objects(RenderInput input) {
                return objects.apply(input);
            }
        };
    }

    private static final ClusterComponent DEMO = component("demo", in -> List.of(
            new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace("demo")
                    .withLabels(Map.of("z", "1", "a", "2")).endMetadata()
                    .withData(Map.of("zeta", "1", "alpha", "2")).build(),
            new ServiceAccountBuilder().withNewMetadata().withName("runner").withNamespace("demo").endMetadata()
                    .build(),
            new NamespaceBuilder().withNewMetadata().withName("demo").endMetadata().build()));

    private static String render(List<ClusterComponent> components, String path) {
        RenderedTree.Builder out = RenderedTree.builder();
        new KubernetesRenderer(components).render(
                new RenderInput(TestEnvironments.acc(), Versions.bundled(), null, "platform.yaml"), out);
        return new String(out.build().files().get(path).content(), StandardCharsets.UTF_8);
    }

    @Test
    void oneFolderPerComponentObjectsInApplyOrderWithCommonLabels() {
        String manifest = render(List.of(DEMO), "k8s/demo/manifest.yaml");
        assertThat(manifest.indexOf("kind: Namespace")).isLessThan(manifest.indexOf("kind: ServiceAccount"));
        assertThat(manifest.indexOf("kind: ServiceAccount")).isLessThan(manifest.indexOf("kind: ConfigMap"));
        assertThat(manifest).contains("app.kubernetes.io/managed-by: slipway", "slipway.dev/environment: acc",
                "slipway.dev/component: demo");
        // Every object is a member of Slipway's ApplySet, visible in build/: what deploy --prune may delete.
        assertThat(manifest.split("applyset.kubernetes.io/part-of: " + ApplySetMembership.ID_VALUE + "\n"))
                .hasSize(4);
        // Map entries sorted by key, so the same objects always print the same bytes.
        assertThat(manifest.indexOf("alpha:")).isLessThan(manifest.indexOf("zeta:"));
        assertThat(manifest.split("(?m)^---$")).hasSize(4);
        assertThat(render(List.of(DEMO), "k8s/demo/manifest.yaml")).isEqualTo(manifest);
    }

    @Test
    void indexListsComponentsInDeployOrderAndSkipsEmptyOnes() {
        ClusterComponent empty = component("disabled", in -> List.of());
        ClusterComponent second = component("second", in -> List.of(
                new NamespaceBuilder().withNewMetadata().withName("second").endMetadata().build()));
        String index = render(List.of(second, empty, DEMO), "k8s/components.txt");
        assertThat(index.lines().filter(l -> !l.startsWith("#")).toList())
                .containsExactly("second 300", "demo 300");
    }

    @Test
    void twoComponentsWithOneNameAreRejected() {
        assertThatThrownBy(() -> render(List.of(DEMO, DEMO), "k8s/components.txt"))
                .hasMessageContaining("two cluster components are named demo");
    }

    @Test
    void stringsThatAYamlReaderWouldTakeForNumbersOrBooleansAreQuoted() {
        java.util.Map<String, String> data = new java.util.TreeMap<>();
        for (String v : List.of("2", "0x10", "-1", ".5", ".inf", "true", "no", "1.36.3")) {
            data.put("k" + data.size(), v);
        }
        String yaml = KubernetesYaml.print(new ConfigMapBuilder().withNewMetadata().withName("q").endMetadata()
                .withData(data).withBinaryData(null).build());
        for (String v : data.values()) {
            assertThat(yaml).contains(": \"" + v + "\"\n");
        }
        assertThat(KubernetesYaml.print(new NamespaceBuilder().withNewMetadata().withName("v1.2").endMetadata()
                .build())).contains("name: v1.2\n");
    }
}
