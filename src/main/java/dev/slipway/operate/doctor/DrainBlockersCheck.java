package dev.slipway.operate.doctor;

import dev.slipway.apply.kubernetes.ClusterSnapshot;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;

/**
 * PodDisruptionBudgets that allow no disruption while their Pods are healthy: every drain of a node running one of
 * them (a rotation, an OS update reboot) waits until someone scales up or relaxes the budget. A warning, since it can
 * be what was asked for (one MongoDB member in acc), but it should be known before a rotation, not during one.
 */
public final class DrainBlockersCheck implements DoctorCheck {
    @Override
    public String name() {
        return "disruption-budgets";
    }

    @Override
    public String title() {
        return "no PodDisruptionBudget blocks every drain";
    }

    @Override
    public List<Finding> examine(ClusterSnapshot cluster) {
        List<Finding> out = new ArrayList<>();
        for (PodDisruptionBudget b : cluster.budgets()) {
            var s = b.getStatus();
            if (s == null || s.getDisruptionsAllowed() == null || s.getDisruptionsAllowed() > 0
                    || s.getCurrentHealthy() == null || s.getCurrentHealthy() == 0
                    || s.getCurrentHealthy() < (s.getDesiredHealthy() == null ? 0 : s.getDesiredHealthy())) {
                // nothing healthy (or fewer than wanted): the workload is the problem, the addons check says so
                continue;
            }
            String ns = b.getMetadata().getNamespace();
            String name = b.getMetadata().getName();
            String rule = b.getSpec().getMinAvailable() != null ? "minAvailable " + b.getSpec().getMinAvailable()
                    .getValue() : "maxUnavailable " + (b.getSpec().getMaxUnavailable() == null ? "-"
                    : b.getSpec().getMaxUnavailable().getValue());
            out.add(Finding.warn("PodDisruptionBudget " + ns + "/" + name, rule + " with " + s.getCurrentHealthy()
                    + " healthy of " + s.getExpectedPods() + " Pods: 0 disruptions allowed, a drain of their nodes"
                    + " waits", "scale the workload up by one, or relax the budget (kubectl -n " + ns
                    + " get pdb " + name + " -o yaml), before slipway rotate"));
        }
        return out;
    }
}
