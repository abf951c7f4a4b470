package dev.slipway.render.k8s;

import dev.slipway.render.RenderInput;
import dev.slipway.spec.AppSpec;
import dev.slipway.spec.CpuArchitecture;
import dev.slipway.spec.CronJobSpec;
import dev.slipway.spec.Environment;
import dev.slipway.versions.ImagePlatforms;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps every Pod on nodes its images run on. The kubelet labels each node {@code kubernetes.io/arch} with its own
 * architecture; when an environment has nodes of an architecture some image of a Pod template is not published for
 * (an amd64-only image beside a Graviton pool), the template gets {@code nodeSelector kubernetes.io/arch} of the
 * architecture its images share. Pods whose images cover every node architecture of the environment get nothing,
 * so an environment of one architecture renders exactly as before.
 *
 * <p>Where an image's architectures come from: Slipway's own pinned images from {@link ImagePlatforms}
 * (versions.properties); an app's or a cron job's image from its {@code architectures:} in the spec (amd64 unless
 * said); any other image is taken as amd64 only, the one architecture every image Slipway could meet is built for.
 */
final class ArchitecturePlacement {
    private final Set<CpuArchitecture> nodes;
    private final Map<String, Set<CpuArchitecture>> images;

    private ArchitecturePlacement(Set<CpuArchitecture> nodes, Map<String, Set<CpuArchitecture>> images) {
        this.nodes = nodes;
        this.images = images;
    }

    static ArchitecturePlacement of(RenderInput input) {
        Environment env = input.environment();
        Map<String, Set<CpuArchitecture>> images = new HashMap<>();
        ImagePlatforms.pinned(input.versions()).forEach((image, platforms) -> {
            Set<CpuArchitecture> archs = EnumSet.noneOf(CpuArchitecture.class);
            platforms.stream().filter(p -> p.startsWith("linux/")).map(ImagePlatforms::architecture)
                    .map(CpuArchitecture::byKubernetesName).filter(java.util.Objects::nonNull).forEach(archs::add);
            images.put(image, archs);
        });
        // An image that is both pinned and a user's, or used by two apps, runs where all of them say it does.
        for (AppSpec app : env.apps()) {
            declare(images, app.image(), app.runsOn());
        }
        for (CronJobSpec job : env.cronJobs()) {
            declare(images, job.image(), job.runsOn());
        }
        return new ArchitecturePlacement(CpuArchitecture.ofNodes(env), images);
    }

    private static void declare(Map<String, Set<CpuArchitecture>> images, String image, Set<CpuArchitecture> archs) {
        if (image == null) {
            return;
        }
        Set<CpuArchitecture> known = images.get(image);
        Set<CpuArchitecture> both = EnumSet.noneOf(CpuArchitecture.class);
        both.addAll(archs);
        if (known != null) {
            both.retainAll(known);
        }
        images.put(image, both);
    }

    /** The architectures {@code image} runs on: amd64 alone when Slipway knows nothing of it. */
    Set<CpuArchitecture> architectures(String image) {
        return images.getOrDefault(image, EnumSet.of(CpuArchitecture.AMD64));
    }

    /** Adds {@code kubernetes.io/arch} to {@code object}'s Pod template when its images do not cover every node. */
    void apply(HasMetadata object) {
        PodSpec pod = podSpec(object);
        if (pod == null) {
            return;
        }
        List<Container> containers = new ArrayList<>(pod.getContainers());
        if (pod.getInitContainers() != null) {
            containers.addAll(pod.getInitContainers());
        }
        Set<CpuArchitecture> runs = EnumSet.copyOf(nodes.isEmpty() ? EnumSet.allOf(CpuArchitecture.class) : nodes);
        for (Container c : containers) {
            runs.retainAll(architectures(c.getImage()));
        }
        if (runs.containsAll(nodes)) {
            return;
        }
        if (runs.size() != 1) {
            // Two architectures exist: images not covering both run on exactly one (or, when none of the nodes',
            // nowhere: validate refuses that for apps and cron jobs, and every pinned image runs on amd64).
            throw new IllegalStateException(object.getKind() + " " + object.getMetadata().getName()
                    + ": its images run on no architecture of this environment's nodes " + nodes);
        }
        Map<String, String> selector = new TreeMap<>();
        if (pod.getNodeSelector() != null) {
            selector.putAll(pod.getNodeSelector());
        }
        selector.put(CpuArchitecture.NODE_LABEL, runs.iterator().next().kubernetes());
        pod.setNodeSelector(selector);
    }

    private static PodSpec podSpec(HasMetadata o) {
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
        } else if (o instanceof Pod p) {
            return p.getSpec();
        }
        return null;
    }
}
