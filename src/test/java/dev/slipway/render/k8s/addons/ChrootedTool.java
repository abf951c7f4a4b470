package dev.slipway.render.k8s.addons;

import dev.slipway.testing.ToolRun;
import dev.slipway.render.k8s.RenderedK8s;
import dev.slipway.testing.ComponentBinaries;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a component's own tool (promtool, amtool) inside a rendered Pod's file system as the Pod sees it: the rendered
 * ConfigMaps the container mounts written at their mount paths under a root, the tool copied in, {@code chroot} into
 * the root (the tools are static) — so the absolute paths the rendered files name resolve as in the Pod.
 */
final class ChrootedTool {
    static final String SERVICE_ACCOUNT = "var/run/secrets/kubernetes.io/serviceaccount";

    private ChrootedTool() {
    }

    static <T extends HasMetadata> PodSpec podSpecOf(Class<T> kind, String name) {
        HasMetadata o = objects().stream().filter(kind::isInstance)
                .filter(x -> x.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name + " rendered"));
        return o instanceof StatefulSet s ? s.getSpec().getTemplate().getSpec()
                : ((Deployment) o).getSpec().getTemplate().getSpec();
    }

    static List<HasMetadata> objects() {
        return RenderedK8s.allObjects(RenderedK8s.render(RenderedK8s.example("prod")));
    }

    /** Writes each rendered ConfigMap the container mounts at its mount path under {@code root}. */
    static Container layOut(Path root, PodSpec pod, String container) throws IOException {
        Container c = pod.getContainers().stream().filter(x -> x.getName().equals(container)).findFirst()
                .orElseThrow();
        List<HasMetadata> all = objects();
        for (VolumeMount mount : c.getVolumeMounts()) {
            Volume v = pod.getVolumes().stream().filter(x -> x.getName().equals(mount.getName())).findFirst()
                    .orElseThrow();
            if (v.getConfigMap() == null) {
                continue;
            }
            ConfigMap cm = all.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                    .filter(x -> x.getMetadata().getName().equals(v.getConfigMap().getName())).findFirst()
                    .orElseThrow(() -> new AssertionError("ConfigMap " + v.getConfigMap().getName()
                            + " is not rendered"));
            Path dir = Files.createDirectories(root.resolve(mount.getMountPath().substring(1)));
            for (var e : cm.getData().entrySet()) {
                Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
        }
        return c;
    }

    static void serviceAccountVolume(Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve(SERVICE_ACCOUNT));
        Files.writeString(dir.resolve("token"), "placeholder");
        Files.writeString(dir.resolve("ca.crt"), "placeholder");
        Files.writeString(dir.resolve("namespace"), "monitoring");
    }

    /** The container's {@code --config.file=} argument's value. */
    static String configPath(Container c, String flag) {
        return c.getArgs().stream().filter(a -> a.startsWith(flag)).map(a -> a.substring(flag.length()))
                .findFirst().orElseThrow(() -> new AssertionError(c.getName() + " has no " + flag));
    }

    static Path binaryIn(Path root, String name) throws IOException {
        Path inside = root.resolve(name);
        Files.copy(ComponentBinaries.locate(name), inside);
        return inside;
    }

    static ToolRun chroot(Path root, Path binary, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("chroot", root.toString(),
                "/" + binary.getFileName()));
        command.addAll(List.of(args));
        return ComponentBinaries.exec(command);
    }

}
