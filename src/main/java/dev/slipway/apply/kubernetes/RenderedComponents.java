package dev.slipway.apply.kubernetes;

import dev.slipway.render.k8s.KubernetesRenderer;
import dev.slipway.spec.InvalidInputException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads what {@code deploy} applies: {@code k8s/components.txt} (component names in deploy order with their ready
 * timeouts) and {@code k8s/NAME/manifest.yaml} of each. Knows nothing about which components exist.
 */
public final class RenderedComponents {
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    private RenderedComponents() {
    }

    /** From a folder laid out like {@code build/ENV/k8s/}. */
    public static List<DesiredComponent> read(Path k8sDir) {
        return manifests(k8sDir).stream().map(RenderedManifest::parse).toList();
    }

    /** From rendered files keyed by their path in the build tree ({@code k8s/components.txt}, ...). */
    public static List<DesiredComponent> fromFiles(Map<String, byte[]> files) {
        return manifestsFromFiles(files).stream().map(RenderedManifest::parse).toList();
    }

    /** The manifests of a folder laid out like {@code build/ENV/k8s/}, not parsed yet. */
    public static List<RenderedManifest> manifests(Path k8sDir) {
        return manifests(k8sDir.toString(), relative -> {
            Path file = k8sDir.resolve(relative);
            try {
                return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8))
                        : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        });
    }

    /** The manifests of rendered files keyed by their path in the build tree, not parsed yet. */
    public static List<RenderedManifest> manifestsFromFiles(Map<String, byte[]> files) {
        String prefix = KubernetesRenderer.STAGE + "/";
        return manifests("build/ENV/k8s", relative -> Optional.ofNullable(files.get(prefix + relative))
                .map(b -> new String(b, StandardCharsets.UTF_8)));
    }

    static List<DesiredComponent> read(String shown, Function<String, Optional<String>> files) {
        return manifests(shown, files).stream().map(RenderedManifest::parse).toList();
    }

    static List<RenderedManifest> manifests(String shown, Function<String, Optional<String>> files) {
        Optional<String> index = files.apply(KubernetesRenderer.INDEX);
        if (index.isEmpty()) {
            return List.of();
        }
        List<RenderedManifest> components = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int lineNo = 0;
        for (String line : index.get().split("\n", -1)) {
            lineNo++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String where = shown + "/" + KubernetesRenderer.INDEX + ":" + lineNo + ":1: ";
            String[] parts = trimmed.split("\\s+");
            if (parts.length != 2 || !parts[1].matches("[0-9]{1,6}")) {
                throw new InvalidInputException(where + "'" + trimmed + "' is not 'NAME TIMEOUT_SECONDS' (e.g."
                        + " 'coredns 300'); render it again with slipway plan");
            }
            String name = parts[0];
            if (!seen.add(name)) {
                throw new InvalidInputException(where + "component " + name + " is listed twice");
            }
            String manifestPath = name + "/" + KubernetesRenderer.MANIFEST;
            String manifest = files.apply(manifestPath).orElseThrow(() -> new InvalidInputException(where
                    + "component " + name + " has no " + shown + "/" + manifestPath + "; render it again with"
                    + " slipway plan"));
            components.add(new RenderedManifest(name, Duration.ofSeconds(Long.parseLong(parts[1])),
                    shown + "/" + manifestPath, manifest));
        }
        return components;
    }

    /** The documents of a multi-document manifest as fabric8 objects (typed where the kind is known). */
    static List<HasMetadata> parse(String shown, String manifest) {
        List<HasMetadata> objects = new ArrayList<>();
        StringBuilder doc = new StringBuilder();
        int lineNo = 0;
        int docStart = 1;
        for (String line : (manifest + "\n---").split("\n", -1)) {
            lineNo++;
            if (line.equals("---")) {
                if (!doc.toString().isBlank()) {
                    objects.add(parseOne(shown, docStart, doc.toString()));
                }
                doc.setLength(0);
                docStart = lineNo + 1;
            } else {
                doc.append(line).append('\n');
            }
        }
        return objects;
    }

    private static HasMetadata parseOne(String shown, int line, String doc) {
        Object o;
        try {
            o = YAML.unmarshal(doc);
        } catch (RuntimeException e) {
            throw new InvalidInputException(shown + ":" + line + ":1: not a Kubernetes object: " + e.getMessage());
        }
        if (!(o instanceof HasMetadata h) || h.getMetadata() == null || h.getMetadata().getName() == null
                || h.getKind() == null || h.getApiVersion() == null) {
            throw new InvalidInputException(shown + ":" + line + ":1: expected an object with apiVersion, kind and"
                    + " metadata.name");
        }
        return h;
    }
}
