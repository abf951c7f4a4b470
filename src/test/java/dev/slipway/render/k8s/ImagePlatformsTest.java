package dev.slipway.render.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.RenderedTree;
import dev.slipway.render.ignition.IgnitionFixtures;
import dev.slipway.spec.CpuArchitecture;
import dev.slipway.spec.Environment;
import dev.slipway.testing.GoldenFiles;
import dev.slipway.versions.ImagePlatforms;
import dev.slipway.versions.Versions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The platforms of every pinned image (issue 28): recorded in versions.properties, documented with their source in
 * docs/components.md ("Image platforms"), and what keeps a Pod off nodes its images cannot run on.
 */
class ImagePlatformsTest {

    @Test
    void everyPinnedImageHasItsPlatforms() {
        Map<String, String> all = Versions.bundled().all();
        List<String> imageKeys = all.keySet().stream().filter(k -> k.endsWith(".image")
                || k.matches("mongo\\.image\\.\\d+\\.\\d+")).toList();
        assertThat(imageKeys).hasSizeGreaterThan(25);
        imageKeys.forEach(k -> assertThat(all).as(k).containsKey(k + ImagePlatforms.SUFFIX));
        all.forEach((k, v) -> {
            if (k.endsWith(ImagePlatforms.SUFFIX)) {
                assertThat(v).as(k).matches("linux/[a-z0-9]+(/v[0-9])?(,linux/[a-z0-9]+(/v[0-9])?)*")
                        .contains("linux/amd64");
            }
        });
    }

    /** docs/components.md's "Image platforms" table names every key with exactly its platforms, and a source. */
    @Test
    void theDocumentedTableIsVersionsProperties() throws IOException {
        String doc = Files.readString(GoldenFiles.repo().resolve("docs/components.md"));
        String section = doc.substring(doc.indexOf("## Image platforms"));
        Map<String, String> documented = new TreeMap<>();
        for (String line : section.split("\n")) {
            if (line.startsWith("| `")) {
                String[] cells = line.split(" \\| ");
                String key = cells[0].substring(3, cells[0].indexOf('`', 3));
                documented.put(key, cells[1].replace(" ", ""));
                assertThat(cells[2].strip()).as(key + " source").hasSizeGreaterThan(20);
            }
        }
        Map<String, String> pinned = new TreeMap<>();
        Versions.bundled().all().forEach((k, v) -> {
            if (k.endsWith(ImagePlatforms.SUFFIX)) {
                pinned.put(k.substring(0, k.length() - ImagePlatforms.SUFFIX.length()), v);
            }
        });
        assertThat(documented).isEqualTo(pinned);
    }

    /** Every image the k8s stage renders is one Slipway pins (or the spec's own): none falls back to a guess. */
    @Test
    void everyRenderedImageIsKnown() {
        Map<String, List<String>> known = ImagePlatforms.pinned(Versions.bundled());
        for (Environment env : List.of(RenderedK8s.example("acc"), RenderedK8s.example("prod"),
                RenderedK8s.fedoraCoreOs("prod"), IgnitionFixtures.graviton())) {
            List<String> own = new ArrayList<>();
            env.apps().forEach(a -> own.add(a.image()));
            env.cronJobs().forEach(c -> own.add(c.image()));
            for (HasMetadata o : RenderedK8s.allObjects(RenderedK8s.render(env))) {
                for (Container c : containers(o)) {
                    assertThat(known.containsKey(c.getImage()) || own.contains(c.getImage()))
                            .as(env.name() + " " + o.getKind() + " " + o.getMetadata().getName() + ": " + c.getImage())
                            .isTrue();
                }
            }
        }
    }

    @Test
    void anEnvironmentOfOneArchitectureGetsNoArchitectureSelector() {
        for (Environment env : List.of(RenderedK8s.example("acc"), RenderedK8s.example("prod"))) {
            for (HasMetadata o : RenderedK8s.allObjects(RenderedK8s.render(env))) {
                PodSpec pod = pod(o);
                if (pod != null && pod.getNodeSelector() != null) {
                    assertThat(pod.getNodeSelector()).as(o.getKind() + " " + o.getMetadata().getName())
                            .doesNotContainKey(CpuArchitecture.NODE_LABEL);
                }
            }
        }
    }

    @Test
    void aMixedEnvironmentKeepsEachPodToItsImagesArchitectures() {
        RenderedTree tree = RenderedK8s.render(IgnitionFixtures.graviton());
        Map<String, String> arch = new TreeMap<>();
        for (HasMetadata o : RenderedK8s.allObjects(tree)) {
            PodSpec pod = pod(o);
            if (pod != null) {
                String selected = pod.getNodeSelector() == null ? null
                        : pod.getNodeSelector().get(CpuArchitecture.NODE_LABEL);
                arch.put(o.getKind() + "/" + o.getMetadata().getName(), selected == null ? "any" : selected);
            }
        }
        assertThat(arch)
                .as("the app without architectures: amd64 only").containsEntry("Deployment/api", "amd64")
                .as("a multi-arch app").containsEntry("Deployment/web", "any")
                .as("an arm64-only cron job").containsEntry("CronJob/nightly-report", "arm64")
                .as("Grafana: arm64 not confirmed").containsEntry("Deployment/grafana", "amd64")
                .as("the backup job's AWS CLI: arm64 not confirmed").containsEntry("CronJob/mongo-backup", "amd64")
                .as("multi-arch DaemonSets run everywhere").containsEntry("DaemonSet/cilium", "any")
                .containsEntry("DaemonSet/fluent-bit", "any").containsEntry("DaemonSet/node-exporter", "any")
                .containsEntry("StatefulSet/mongo", "any");
    }

    private static List<Container> containers(HasMetadata o) {
        PodSpec pod = pod(o);
        List<Container> out = new ArrayList<>();
        if (pod != null) {
            out.addAll(pod.getContainers());
            if (pod.getInitContainers() != null) {
                out.addAll(pod.getInitContainers());
            }
        }
        return out;
    }

    private static PodSpec pod(HasMetadata o) {
        if (o instanceof Deployment d) {
            return d.getSpec().getTemplate().getSpec();
        } else if (o instanceof StatefulSet s) {
            return s.getSpec().getTemplate().getSpec();
        } else if (o instanceof DaemonSet d) {
            return d.getSpec().getTemplate().getSpec();
        } else if (o instanceof Job j) {
            return j.getSpec().getTemplate().getSpec();
        } else if (o instanceof CronJob c) {
            return c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        }
        return null;
    }
}
