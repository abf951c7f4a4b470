package dev.slipway.render.k8s;

import dev.slipway.render.RenderInput;
import dev.slipway.render.RenderedTree;
import dev.slipway.render.Renderer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Stage {@code k8s}: every Kubernetes object of the environment, one folder per {@link ClusterComponent}
 * ({@code k8s/NAME/manifest.yaml}, objects in {@link KindOrder}), and {@code k8s/components.txt} naming the
 * components in deploy order. What {@code slipway deploy} applies is exactly this tree.
 */
public final class KubernetesRenderer implements Renderer {
    public static final String STAGE = "k8s";
    public static final String MANIFEST = "manifest.yaml";
    public static final String INDEX = "components.txt";
    private final List<ClusterComponent> components;

    public KubernetesRenderer() {
        this(ClusterComponents.all());
    }

    public KubernetesRenderer(List<ClusterComponent> components) {
        this.components = List.copyOf(components);
    }

    @Override
    public String stage() {
        return STAGE;
    }

    @Override
    public void render(RenderInput input, RenderedTree.Builder out) {
        StringBuilder index = new StringBuilder("# Components in deploy order: name, then seconds deploy waits for"
                + " it to become ready.\n");
        Set<String> seen = new HashSet<>();
        ArchitecturePlacement placement = ArchitecturePlacement.of(input);
        for (ClusterComponent component : components) {
            if (!seen.add(component.name())) {
                throw new IllegalStateException("two cluster components are named " + component.name());
            }
            List<HasMetadata> objects = new ArrayList<>(component.objects(input));
            if (objects.isEmpty()) {
                continue;
            }
            for (HasMetadata o : objects) {
                CommonLabels.apply(o, input.environment(), component.name());
                placement.apply(o);
                out.resource(STAGE, o.getKind(), qualifiedName(o));
            }
            objects.sort(KindOrder.APPLY_ORDER);
            out.text(STAGE + "/" + component.name() + "/" + MANIFEST, KubernetesYaml.printAll(objects));
            index.append(component.name()).append(' ').append(component.readyTimeout().toSeconds()).append('\n');
        }
        if (!seen.isEmpty()) {
            out.text(STAGE + "/" + INDEX, index.toString());
        }
    }

    static String qualifiedName(HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        return ns == null ? o.getMetadata().getName() : ns + "/" + o.getMetadata().getName();
    }
}
