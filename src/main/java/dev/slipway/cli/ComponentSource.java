package dev.slipway.cli;

import dev.slipway.apply.RenderedBuild;
import dev.slipway.apply.kubernetes.DesiredComponent;
import dev.slipway.apply.kubernetes.RenderedComponents;
import dev.slipway.apply.kubernetes.RenderedManifest;
import dev.slipway.plan.Workspace;
import dev.slipway.render.RenderedFile;
import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where {@code deploy} and {@code status} take the environment's components from: the spec, rendered (and
 * {@code build/ENV/} brought up to date, as {@code slipway infra} does, unless nothing may be written), or with
 * {@code --from DIR} a folder laid out like {@code build/ENV/k8s/}.
 */
public final class ComponentSource {
    @Option(names = "--from", paramLabel = "DIR", description = "Use this folder (laid out like build/ENV/k8s/)"
            + " instead of rendering the spec; for benchmarks and for a build made elsewhere.")
    Path from;

    /**
     * The components, not parsed yet: {@code manifests} as rendered, {@code first} built in code (deployed before
     * them).
     */
    record Unparsed(List<DesiredComponent> first, List<RenderedManifest> manifests) {
    }

    /** The components; {@code write} false renders in memory only. */
    List<DesiredComponent> load(Workspace ws, Environment env, boolean write, PrintWriter err, boolean quiet) {
        Unparsed u = unparsed(ws, env, write, err, quiet);
        List<DesiredComponent> components = new java.util.ArrayList<>(u.first());
        u.manifests().forEach(m -> components.add(m.parse()));
        return components;
    }

    /** As {@link #load}, the manifests not parsed (deploy parses only those the applied record does not vouch for). */
    Unparsed unparsed(Workspace ws, Environment env, boolean write, PrintWriter err, boolean quiet) {
        if (from != null) {
            if (!Files.isRegularFile(from.resolve("components.txt"))) {
                throw new InvalidInputException("--from " + from + ": no components.txt there (expected a folder"
                        + " laid out like build/ENV/k8s/)");
            }
            return new Unparsed(List.of(), RenderedComponents.manifests(from));
        }
        RenderedBuild build = RenderedBuild.render(ws, env, !write);
        if (!build.diff().isEmpty() && !quiet && write) {
            err.println("slipway: build/" + env.name() + "/ was out of date with the spec; rendered it again.");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<String, RenderedFile> f : build.tree().files().entrySet()) {
            files.put(f.getKey(), f.getValue().content());
        }
        List<RenderedManifest> manifests = RenderedComponents.manifestsFromFiles(files);
        if (manifests.isEmpty()) {
            throw new InvalidInputException("the spec renders no Kubernetes components for " + env.name()
                    + " (build/" + env.name() + "/k8s/ is empty): nothing to deploy");
        }
        // First, so a renewed bootstrap token is accepted before anything else is waited for.
        return new Unparsed(dev.slipway.apply.kubernetes.BootstrapTokenSecrets.component(build.tree(), env)
                .map(List::of).orElse(List.of()), manifests);
    }
}
