package dev.slipway.operate.doctor;

import dev.slipway.apply.kubernetes.ClusterSnapshot;
import dev.slipway.apply.kubernetes.PodRestart;
import dev.slipway.apply.kubernetes.Readiness;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The workloads Slipway deployed (Deployments, StatefulSets and DaemonSets labelled
 * {@code app.kubernetes.io/managed-by=slipway}): not ready, or with a Pod whose container cannot start. A container in
 * {@code CrashLoopBackOff} of a Pod a controller owns has a safe fix: delete the Pod, the controller makes a fresh one
 * (the old system's "delete the heapster pod", done on purpose and said out loud). Image and configuration errors
 * have none: a new Pod would fail the same way.
 */
public final class AddonsCheck implements DoctorCheck {
    static final String CRASH_LOOP = "CrashLoopBackOff";
    /** Waiting reasons that do not go away by waiting. */
    private static final Set<String> STUCK = Set.of(CRASH_LOOP, "ImagePullBackOff", "ErrImagePull",
            "InvalidImageName", "CreateContainerConfigError", "CreateContainerError", "RunContainerError");
    private final String env;
    private final PodRestart restart;

    /** @param restart how {@code --fix} deletes a crash-looping Pod; null offers no safe fix */
    public AddonsCheck(String env, PodRestart restart) {
        this.env = env;
        this.restart = restart;
    }

    @Override
    public String name() {
        return "addons";
    }

    @Override
    public String title() {
        return "Slipway-managed workloads ready, no container crash looping";
    }

    @Override
    public List<Finding> examine(ClusterSnapshot cluster) {
        List<Finding> out = new ArrayList<>();
        AddonPods.workloads(cluster).forEach(w -> out.addAll(workload(w, cluster)));
        return out;
    }

    private List<Finding> workload(HasMetadata w, ClusterSnapshot cluster) {
        String kind = w.getKind();
        String ref = kind + " " + w.getMetadata().getNamespace() + "/" + w.getMetadata().getName();
        List<Finding> out = new ArrayList<>();
        for (Pod p : AddonPods.of(w, cluster)) {
            out.addAll(stuck(p, ref));
        }
        Readiness r = Readiness.of(kind, w);
        if (out.isEmpty() && !r.ready()) {
            out.add(Finding.fail(ref, "not ready: " + r.summary(),
                    "slipway status --env " + env + " (shows why: Pods, container states, events)"));
        }
        return out;
    }

    private List<Finding> stuck(Pod p, String workload) {
        List<Finding> out = new ArrayList<>();
        if (p.getStatus() == null || p.getMetadata().getDeletionTimestamp() != null) {
            return out;
        }
        List<ContainerStatus> statuses = new ArrayList<>();
        if (p.getStatus().getInitContainerStatuses() != null) {
            statuses.addAll(p.getStatus().getInitContainerStatuses());
        }
        if (p.getStatus().getContainerStatuses() != null) {
            statuses.addAll(p.getStatus().getContainerStatuses());
        }
        String ns = p.getMetadata().getNamespace();
        String name = p.getMetadata().getName();
        for (ContainerStatus cs : statuses) {
            if (cs.getState() == null || cs.getState().getWaiting() == null
                    || !STUCK.contains(cs.getState().getWaiting().getReason())) {
                continue;
            }
            String reason = cs.getState().getWaiting().getReason();
            String evidence = "container " + cs.getName() + " waiting: " + reason + ", " + cs.getRestartCount()
                    + " restarts" + lastExit(cs) + " (" + workload + ")";
            String subject = "Pod " + ns + "/" + name;
            OwnerReference owner = controller(p);
            if (CRASH_LOOP.equals(reason) && owner != null && restart != null) {
                String uid = p.getMetadata().getUid();
                SafeFix fix = new SafeFix() {
                    @Override
                    public String description() {
                        return "delete Pod " + ns + "/" + name + " (its " + owner.getKind() + " " + owner.getName()
                                + " makes a new one)";
                    }

                    @Override
                    public String apply() {
                        return restart.restart(ns, name, uid)
                                ? "deleted Pod " + ns + "/" + name + "; " + owner.getKind() + " " + owner.getName()
                                        + " replaces it"
                                : "Pod " + ns + "/" + name + " was already gone or replaced; nothing deleted";
                    }
                };
                out.add(new Finding(Verdict.FAIL, subject, evidence, "slipway doctor --env " + env + " --fix (or"
                        + " kubectl -n " + ns + " delete pod " + name + "); if it crashes again: kubectl -n " + ns
                        + " logs " + name + " -c " + cs.getName() + " --previous", fix));
            } else {
                out.add(Finding.fail(subject, evidence, "kubectl -n " + ns + " describe pod " + name
                        + " (image, pull secret or configuration: a new Pod would fail the same way)"));
            }
        }
        return out;
    }

    private static String lastExit(ContainerStatus cs) {
        var last = cs.getLastState() == null ? null : cs.getLastState().getTerminated();
        return last == null ? "" : ", last exit " + last.getExitCode()
                + (last.getReason() == null ? "" : " (" + last.getReason() + ")");
    }

    private static OwnerReference controller(Pod p) {
        return p.getMetadata().getOwnerReferences() == null ? null : p.getMetadata().getOwnerReferences().stream()
                .filter(o -> Boolean.TRUE.equals(o.getController())).findFirst().orElse(null);
    }
}
