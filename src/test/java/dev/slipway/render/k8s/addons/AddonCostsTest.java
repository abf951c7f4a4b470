package dev.slipway.render.k8s.addons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.RenderInput;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.render.k8s.RenderedK8s;
import dev.slipway.spec.Environment;
import dev.slipway.spec.WorkerPoolSpec;
import dev.slipway.testing.GoldenFiles;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The README's cost table of the add-ons agrees with what is rendered: its totals per environment of the example are
 * the sums of the rendered requests (Deployments and StatefulSets times their replicas, DaemonSets once per node of
 * the environment; the setup Job, which runs minutes after a change, is left out) and of the claims' sizes.
 */
class AddonCostsTest {

    @Test
    void readmeTotalsAreTheRenderedRequests() throws Exception {
        String readme = Files.readString(GoldenFiles.repo().resolve("README.md"));
        for (String name : new String[] {"acc", "prod"}) {
            Environment env = RenderedK8s.example(name);
            assertThat(readme.lines().filter(l -> l.startsWith("| **total, " + name + "**")))
                    .as("README's total row of " + name).containsExactly(totalRow(env));
        }
    }

    /** The README's total row for {@code env}, as the rendered objects add up. */
    static String totalRow(Environment env) {
        int nodes = env.controllers().count() + env.workerPools().stream().mapToInt(WorkerPoolSpec::desired).sum();
        RenderInput input = RenderedK8s.input(env);
        BigDecimal cpu = BigDecimal.ZERO;
        BigDecimal memory = BigDecimal.ZERO;
        BigDecimal storage = BigDecimal.ZERO;
        for (ClusterComponent c : AddonComponents.all()) {
            for (HasMetadata o : c.objects(input)) {
                PodSpec pod = null;
                int copies = 0;
                if (o instanceof Deployment d) {
                    pod = d.getSpec().getTemplate().getSpec();
                    copies = d.getSpec().getReplicas();
                } else if (o instanceof StatefulSet s) {
                    pod = s.getSpec().getTemplate().getSpec();
                    copies = s.getSpec().getReplicas();
                } else if (o instanceof DaemonSet d) {
                    pod = d.getSpec().getTemplate().getSpec();
                    copies = nodes;
                } else if (o instanceof PersistentVolumeClaim pvc) {
                    storage = storage.add(amount(pvc.getSpec().getResources().getRequests().get("storage")));
                }
                if (pod != null) {
                    for (Container k : pod.getContainers()) {
                        BigDecimal n = BigDecimal.valueOf(copies);
                        cpu = cpu.add(amount(k.getResources().getRequests().get("cpu")).multiply(n));
                        memory = memory.add(amount(k.getResources().getRequests().get("memory")).multiply(n));
                    }
                }
            }
        }
        BigDecimal gib = BigDecimal.valueOf(1L << 30);
        return "| **total, " + env.name() + "** (" + nodes + " nodes) | ≈ " + cpu.setScale(1, RoundingMode.HALF_UP)
                + " CPU | ≈ " + memory.divide(gib, 1, RoundingMode.HALF_UP) + " GiB | "
                + storage.divide(gib, 0, RoundingMode.HALF_UP) + " GiB |";
    }

    private static BigDecimal amount(Quantity q) {
        return Quantity.getAmountInBytes(q);
    }
}
