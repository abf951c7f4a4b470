package dev.slipway.render.ignition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.RenderedTree;
import dev.slipway.render.k8s.RenderedK8s;
import dev.slipway.spec.Environment;
import dev.slipway.testing.GoldenFiles;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/components.md stays true: every component Slipway renders (and every control-plane static Pod) has a row there
 * that names exactly the images rendered, the upstream manifest or chart it follows, and its deliberate differences.
 * The user's own apps are not upstream components and have no row.
 */
class ComponentsTableTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9-]+)` \\|(.*)$");
    private static final Pattern IMAGE = Pattern.compile("`([^`]+)`");

    @Test
    void everyRenderedComponentHasAFilledRowNamingItsImages() throws IOException {
        Map<String, String[]> table = table();
        Map<String, TreeSet<String>> rendered = renderedImages();
        List<String> problems = new ArrayList<>();
        rendered.forEach((component, images) -> {
            String[] cells = table.get(component);
            if (cells == null) {
                problems.add(component + ": rendered, but docs/components.md has no row for it");
                return;
            }
            TreeSet<String> listed = new TreeSet<>();
            Matcher m = IMAGE.matcher(cells[0]);
            while (m.find()) {
                listed.add(m.group(1));
            }
            if (!listed.containsAll(images)) {
                TreeSet<String> missing = new TreeSet<>(images);
                missing.removeAll(listed);
                problems.add(component + ": renders " + missing + ", which its row does not name");
            }
            if (cells.length < 3 || cells[1].isBlank() || cells[2].isBlank()) {
                problems.add(component + ": the upstream or the differences cell is empty");
            }
        });
        assertThat(problems).as("docs/components.md against what Slipway renders").isEmpty();
    }

    @Test
    void theTableListsNoComponentThatIsNotRendered() throws IOException {
        TreeSet<String> stale = new TreeSet<>(table().keySet());
        stale.removeAll(renderedImages().keySet());
        assertThat(stale).as("rows of docs/components.md for components Slipway no longer renders").isEmpty();
    }

    /** Component name to its cells after the name: images, upstream, differences. */
    private static Map<String, String[]> table() throws IOException {
        Map<String, String[]> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(GoldenFiles.repo().resolve("docs/components.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                String rest = m.group(2).strip();
                if (rest.endsWith("|")) {
                    rest = rest.substring(0, rest.length() - 1);
                }
                String[] cells = rest.split("\\|", -1);
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = cells[i].strip();
                }
                out.put(m.group(1), cells);
            }
        }
        return out;
    }

    private static Map<String, TreeSet<String>> renderedImages() {
        Map<String, TreeSet<String>> out = new TreeMap<>();
        for (Environment env : List.of(RenderedK8s.example("acc"), RenderedK8s.example("prod"),
                RenderedK8s.fedoraCoreOs("prod"), dev.slipway.testing.SpotFixture.prod())) {
            RenderedTree tree = RenderedK8s.render(env);
            RenderedK8s.objects(tree).forEach((component, objects) -> {
                if (!component.equals("apps")) {
                    TreeSet<String> images = out.computeIfAbsent(component, c -> new TreeSet<>());
                    objects.forEach(o -> images.addAll(images(o)));
                }
            });
            Versions versions = Versions.bundled();
            ControlPlaneManifests.render(env, versions.get("kubernetes.version"), versions.etcdImage())
                    .forEach((file, yaml) -> {
                        Matcher m = Pattern.compile("(?m)^\\s*image: \"?([^\"\\s]+)\"?$").matcher(yaml);
                        TreeSet<String> images = out.computeIfAbsent(file.replace(".yaml", ""),
                                c -> new TreeSet<>());
                        while (m.find()) {
                            images.add(m.group(1));
                        }
                    });
        }
        return out;
    }

    private static List<String> images(HasMetadata o) {
        PodSpec spec = null;
        if (o instanceof Deployment d) {
            spec = d.getSpec().getTemplate().getSpec();
        } else if (o instanceof DaemonSet d) {
            spec = d.getSpec().getTemplate().getSpec();
        } else if (o instanceof StatefulSet s) {
            spec = s.getSpec().getTemplate().getSpec();
        } else if (o instanceof Job j) {
            spec = j.getSpec().getTemplate().getSpec();
        } else if (o instanceof CronJob c) {
            spec = c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        }
        if (spec == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (List<Container> cs : List.of(spec.getContainers(), spec.getInitContainers())) {
            cs.forEach(c -> out.add(c.getImage()));
        }
        return out;
    }
}
