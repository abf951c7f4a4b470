package dev.slipway.render.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.spec.WorkerPoolSpec;
import dev.slipway.testing.SpotFixture;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Spot pools (issue 28): with a spot pool in the environment, MongoDB and every workload with a PodDisruptionBudget
 * of its own render without a toleration of the spot taint, so the scheduler never puts them on a spot node; only
 * what the spec opts in (here the cron job nightly-report, {@code allowSpot: true}) tolerates it, besides node agents
 * (DaemonSets, which tolerate every taint).
 */
class SpotPlacementTest {
    private static final String KEY = WorkerPoolSpec.CAPACITY_LABEL;

    @Test
    void mongoAndEveryWorkloadWithItsOwnBudgetStayOffSpotAndOnlyTheOptedInJobToleratesIt() {
        List<HasMetadata> objects = RenderedK8s.allObjects(RenderedK8s.render(SpotFixture.prod()));
        List<PodDisruptionBudget> budgets = objects.stream().filter(PodDisruptionBudget.class::isInstance)
                .map(PodDisruptionBudget.class::cast).toList();
        assertThat(budgets).as("the render has budgets to check").isNotEmpty();

        TreeSet<String> tolerating = new TreeSet<>();
        TreeSet<String> budgeted = new TreeSet<>();
        boolean mongoSeen = false;
        for (HasMetadata o : objects) {
            PodTemplateSpec template = template(o);
            if (template == null || o instanceof DaemonSet) {
                continue;
            }
            String name = o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
            if (toleratesSpot(template)) {
                tolerating.add(name);
            }
            Map<String, String> labels = template.getMetadata().getLabels();
            boolean hasBudget = budgets.stream().anyMatch(b -> b.getMetadata().getNamespace()
                    .equals(o.getMetadata().getNamespace()) && b.getSpec().getSelector().getMatchLabels() != null
                    && labels != null && labels.entrySet().containsAll(b.getSpec().getSelector().getMatchLabels()
                            .entrySet()));
            if (hasBudget) {
                budgeted.add(name);
            }
            if (o instanceof StatefulSet && o.getMetadata().getName().equals("mongo")) {
                mongoSeen = true;
                assertThat(toleratesSpot(template)).as("MongoDB without mongo.allowSpot").isFalse();
            }
        }
        assertThat(mongoSeen).as("the render has MongoDB").isTrue();
        assertThat(budgeted).as("workloads with a budget of their own").hasSizeGreaterThan(1);
        assertThat(tolerating).as("workloads that tolerate the spot taint").allMatch(n -> n.endsWith("/nightly-report"))
                .hasSize(1);
        assertThat(budgeted).as("workloads with a budget that tolerate spot").doesNotContainAnyElementsOf(tolerating);
    }

    private static boolean toleratesSpot(PodTemplateSpec template) {
        List<Toleration> tolerations = new ArrayList<>();
        if (template.getSpec().getTolerations() != null) {
            tolerations.addAll(template.getSpec().getTolerations());
        }
        return tolerations.stream().anyMatch(t -> KEY.equals(t.getKey())
                || (t.getKey() == null && "Exists".equals(t.getOperator())));
    }

    private static PodTemplateSpec template(HasMetadata o) {
        if (o instanceof Deployment d) {
            return d.getSpec().getTemplate();
        } else if (o instanceof StatefulSet s) {
            return s.getSpec().getTemplate();
        } else if (o instanceof DaemonSet d) {
            return d.getSpec().getTemplate();
        } else if (o instanceof CronJob c) {
            return c.getSpec().getJobTemplate().getSpec().getTemplate();
        }
        return null;
    }
}
