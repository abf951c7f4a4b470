package dev.slipway.operate.doctor;

import dev.slipway.apply.kubernetes.ClusterSnapshot;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/**
 * PersistentVolumeClaims that are not bound. A Pending claim a Pod waits for is a failure (the Pod cannot start); one
 * no Pod uses yet is a warning (Slipway's StorageClasses bind on first use, so that can be on purpose). A Lost claim
 * (its volume is gone) is a failure.
 */
public final class PendingClaimsCheck implements DoctorCheck {
    @Override
    public String name() {
        return "volume-claims";
    }

    @Override
    public String title() {
        return "PersistentVolumeClaims bound";
    }

    @Override
    public List<Finding> examine(ClusterSnapshot cluster) {
        List<Finding> out = new ArrayList<>();
        for (PersistentVolumeClaim c : cluster.claims()) {
            String phase = c.getStatus() == null || c.getStatus().getPhase() == null ? "Pending"
                    : c.getStatus().getPhase();
            if ("Bound".equals(phase)) {
                continue;
            }
            String ns = c.getMetadata().getNamespace();
            String name = c.getMetadata().getName();
            String subject = "PersistentVolumeClaim " + ns + "/" + name;
            String describe = "kubectl -n " + ns + " describe pvc " + name + " (StorageClass "
                    + c.getSpec().getStorageClassName() + "; is the EBS CSI driver running: kubectl -n kube-system"
                    + " get pods -l app.kubernetes.io/name=aws-ebs-csi-driver)";
            List<String> users = users(c, cluster.pods());
            if ("Lost".equals(phase)) {
                out.add(Finding.fail(subject, "Lost: its PersistentVolume is gone", describe));
            } else if (!users.isEmpty()) {
                out.add(Finding.fail(subject, phase + " since " + c.getMetadata().getCreationTimestamp()
                        + "; Pod " + String.join(", ", users) + " waits for it", describe));
            } else {
                out.add(Finding.warn(subject, phase + " since " + c.getMetadata().getCreationTimestamp()
                        + "; no Pod uses it yet", describe + "; delete it if nothing will: kubectl -n " + ns
                        + " delete pvc " + name));
            }
        }
        return out;
    }

    private static List<String> users(PersistentVolumeClaim c, List<Pod> pods) {
        return pods.stream()
                .filter(p -> c.getMetadata().getNamespace().equals(p.getMetadata().getNamespace()))
                .filter(p -> p.getSpec().getVolumes() != null && p.getSpec().getVolumes().stream()
                        .anyMatch(v -> v.getPersistentVolumeClaim() != null
                                && c.getMetadata().getName().equals(v.getPersistentVolumeClaim().getClaimName())))
                .map(p -> p.getMetadata().getName())
                .toList();
    }
}
