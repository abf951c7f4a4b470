package dev.slipway.apply.kubernetes;

import dev.slipway.render.RenderInput;
import dev.slipway.render.RenderedFile;
import dev.slipway.render.RenderedTree;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.render.k8s.KubernetesRenderer;
import dev.slipway.testing.TestEnvironments;
import dev.slipway.versions.Versions;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Cluster components of the deploy tests' own (the engine knows no real ones): rendered through the real
 * {@link KubernetesRenderer} (common labels, ApplySet membership, kind order) into a folder laid out like
 * {@code build/ENV/k8s/}.
 */
final class TestComponents {
    static final String IMAGE = "registry.k8s.io/pause:3.10";

    private TestComponents() {
    }

    static ClusterComponent component(String name, Duration timeout, Supplier<List<HasMetadata>> objects) {
        return new ClusterComponent() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<HasMetadata> objects(RenderInput input) {
                return objects.get();
            }

            @Override
            public Duration readyTimeout() {
                return timeout;
            }
        };
    }

    /** Namespace, storage class, RBAC-less config, a Secret, a Deployment, a DaemonSet, a StatefulSet with a volume. */
    static ClusterComponent web() {
        return component("web", Duration.ofMinutes(3), () -> List.of(
                new NamespaceBuilder().withNewMetadata().withName("demo").endMetadata().build(),
                new StorageClassBuilder().withNewMetadata().withName("ebs-gp3").endMetadata()
                        .withProvisioner("ebs.csi.aws.com").withVolumeBindingMode("WaitForFirstConsumer")
                        .withParameters(Map.of("type", "gp3", "encrypted", "true")).build(),
                new ServiceAccountBuilder().withNewMetadata().withName("web").withNamespace("demo").endMetadata()
                        .build(),
                new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace("demo").endMetadata()
                        .withData(Map.of("mode", "ours")).build(),
                new SecretBuilder().withNewMetadata().withName("token").withNamespace("demo").endMetadata()
                        .withData(Map.of("token", Base64.getEncoder().encodeToString(
                                "s3cr3t-value-never-printed".getBytes()))).build(),
                new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("demo").endMetadata()
                        .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web")
                        .endSelector().withTemplate(pod("web", Map.of())).endSpec().build(),
                new DaemonSetBuilder().withNewMetadata().withName("agent").withNamespace("demo").endMetadata()
                        .withNewSpec().withNewSelector().addToMatchLabels("app", "agent").endSelector()
                        .withTemplate(pod("agent", Map.of())).endSpec().build(),
                new StatefulSetBuilder().withNewMetadata().withName("db").withNamespace("demo").endMetadata()
                        .withNewSpec().withReplicas(1).withServiceName("db").withNewSelector()
                        .addToMatchLabels("app", "db").endSelector().withTemplate(pod("db", Map.of()))
                        .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata().withNewSpec()
                        .withAccessModes("ReadWriteOnce").withStorageClassName("ebs-gp3").withNewResources()
                        .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec()
                        .endVolumeClaimTemplate().endSpec().build(),
                new ServiceBuilder().withNewMetadata().withName("web").withNamespace("demo").endMetadata()
                        .withNewSpec().addToSelector("app", "web").addNewPort().withPort(80).endPort().endSpec()
                        .build()));
    }

    /** A LoadBalancer Service: ready once a test (standing in for the cloud controller) gives it an address. */
    static ClusterComponent edge() {
        return component("edge", Duration.ofMinutes(2), () -> List.of(
                new ServiceBuilder().withNewMetadata().withName("public").withNamespace("demo").endMetadata()
                        .withNewSpec().withType("LoadBalancer").addToSelector("app", "web").addNewPort()
                        .withPort(443).endPort().endSpec().build()));
    }

    /** A second namespace with its own objects, to be removed and pruned. */
    static ClusterComponent extra() {
        return component("extra", Duration.ofMinutes(2), () -> List.of(
                new NamespaceBuilder().withNewMetadata().withName("demo2").endMetadata().build(),
                new ConfigMapBuilder().withNewMetadata().withName("x").withNamespace("demo2").endMetadata()
                        .withData(Map.of("k", "v")).build(),
                new DeploymentBuilder().withNewMetadata().withName("api").withNamespace("demo2").endMetadata()
                        .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "api")
                        .endSelector().withTemplate(pod("api", Map.of())).endSpec().build()));
    }

    /** {@code count} ConfigMaps and a Deployment in namespace {@code ns}. */
    static ClusterComponent many(String name, String ns, int count) {
        return component(name, Duration.ofMinutes(3), () -> {
            List<HasMetadata> objects = new ArrayList<>();
            objects.add(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build());
            for (int i = 0; i < count; i++) {
                objects.add(new ConfigMapBuilder().withNewMetadata().withName("cm-" + i).withNamespace(ns)
                        .endMetadata().withData(Map.of("i", String.valueOf(i))).build());
            }
            objects.add(new DeploymentBuilder().withNewMetadata().withName("app").withNamespace(ns).endMetadata()
                    .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "app").endSelector()
                    .withTemplate(pod("app", Map.of())).endSpec().build());
            return objects;
        });
    }

    static PodTemplateSpec pod(String app, Map<String, String> nodeSelector) {
        return new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", app).endMetadata()
                .withNewSpec().withNodeSelector(nodeSelector).addNewContainer().withName(app).withImage(IMAGE)
                .withNewResources().addToRequests("cpu", new Quantity("10m")).endResources().endContainer()
                .endSpec().build();
    }

    /** Renders {@code components} for the acc test environment into {@code dir} (build/ENV/k8s layout). */
    static Path render(Path dir, List<ClusterComponent> components) {
        RenderedTree.Builder out = RenderedTree.builder();
        new KubernetesRenderer(components).render(new RenderInput(TestEnvironments.acc(), Versions.bundled(), null,
                "platform.yaml"), out);
        try {
            if (Files.isDirectory(dir)) {
                try (var walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            for (RenderedFile f : out.build().files().values()) {
                Path target = dir.resolve(f.path().substring(KubernetesRenderer.STAGE.length() + 1));
                Files.createDirectories(target.getParent());
                Files.write(target, f.content());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    static List<DesiredComponent> desired(Path dir, List<ClusterComponent> components) {
        return RenderedComponents.read(render(dir, components));
    }
}
