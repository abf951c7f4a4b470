package dev.slipway.render.k8s;

import dev.slipway.render.RenderInput;
import dev.slipway.render.RenderedFile;
import dev.slipway.render.RenderedTree;
import dev.slipway.spec.Environment;
import dev.slipway.spec.SpecReader;
import dev.slipway.testing.GoldenFiles;
import dev.slipway.versions.Versions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code k8s/} stage of the example spec's environments, as rendered files and as the objects read back from
 * those files (what {@code deploy} applies), component by component in deploy order.
 */
public final class RenderedK8s {
    private RenderedK8s() {
    }

    /** An environment of examples/yourcom/platform.yaml, read by the real spec reader. */
    public static Environment example(String env) {
        return SpecReader.read(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml")).environment(env)
                .orElseThrow();
    }

    /** The example's {@code env} on Fedora CoreOS: the other branch of OS update coordination. */
    public static Environment fedoraCoreOs(String env) {
        Environment a = example(env);
        return new Environment(a.platformName(), a.domain(), a.name(), a.protectedEnv(), a.aws(),
                a.sshAuthorizedKeys(), a.kubernetes(), new dev.slipway.spec.OsSpec(
                        dev.slipway.spec.OsFamily.FEDORA_COREOS, "stable"), a.network(), a.controllers(),
                a.workerPools(), a.volumes(), a.addons(), a.mongo(), a.secrets(), a.apps(), a.cronJobs());
    }

    /** What a renderer gets for {@code env} (no PKI: the {@code k8s/} stage does not read it). */
    public static RenderInput input(Environment env) {
        return new RenderInput(env, Versions.bundled(), null, "platform.yaml");
    }

    public static RenderedTree render(Environment env) {
        RenderedTree.Builder out = RenderedTree.builder();
        new KubernetesRenderer().render(input(env), out);
        return out.build();
    }

    /** Component names in deploy order, read from {@code k8s/components.txt}. */
    public static List<String> components(RenderedTree tree) {
        return text(tree, "k8s/" + KubernetesRenderer.INDEX).lines().filter(l -> !l.startsWith("#"))
                .map(l -> l.substring(0, l.indexOf(' '))).toList();
    }

    /** Each component's objects, parsed from its {@code manifest.yaml}, in deploy order. */
    public static Map<String, List<HasMetadata>> objects(RenderedTree tree) {
        Map<String, List<HasMetadata>> out = new LinkedHashMap<>();
        for (String component : components(tree)) {
            out.put(component, parse(text(tree, "k8s/" + component + "/" + KubernetesRenderer.MANIFEST)));
        }
        return out;
    }

    public static List<HasMetadata> allObjects(RenderedTree tree) {
        List<HasMetadata> all = new ArrayList<>();
        objects(tree).values().forEach(all::addAll);
        return all;
    }

    static List<HasMetadata> parse(String multiDocumentYaml) {
        List<HasMetadata> out = new ArrayList<>();
        Object parsed = Serialization.unmarshal(new ByteArrayInputStream(
                multiDocumentYaml.getBytes(StandardCharsets.UTF_8)));
        if (parsed instanceof KubernetesList list) {
            out.addAll(list.getItems());
        } else if (parsed instanceof List<?> list) {
            list.forEach(o -> out.add((HasMetadata) o));
        } else {
            out.add((HasMetadata) parsed);
        }
        return out;
    }

    static String text(RenderedTree tree, String path) {
        RenderedFile f = tree.files().get(path);
        if (f == null) {
            throw new AssertionError("not rendered: " + path + " (have " + tree.files().keySet() + ")");
        }
        return new String(f.content(), StandardCharsets.UTF_8);
    }
}
