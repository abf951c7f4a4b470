package dev.slipway.render.k8s.workloads;

import dev.slipway.spec.ResourcesSpec;
import dev.slipway.spec.WorkerPoolSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every Pod of the business gets unless there is a reason: the "restricted" Pod Security profile (non-root, no
 * privilege escalation, no capabilities, the runtime's seccomp profile), requests with a memory limit, and spreading
 * over zones and nodes.
 */
final class PodDefaults {
    static final String ZONE = "topology.kubernetes.io/zone";
    static final String HOST = "kubernetes.io/hostname";
    /** Pod label that the NetworkPolicy in front of MongoDB admits (apps and jobs with {@code usesMongo: true}). */
    static final String USES_MONGO = "slipway.dev/uses-mongo";

    private PodDefaults() {
    }

    /** Non-root; {@code uid} when the image's own user is not numeric (null keeps the image's). */
    static PodSecurityContext podSecurity(Long uid) {
        PodSecurityContextBuilder b = new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile();
        if (uid != null) {
            b.withRunAsUser(uid).withRunAsGroup(uid).withFsGroup(uid);
        }
        return b.build();
    }

    /**
     * The toleration of the spot pools' taint ({@link WorkerPoolSpec#SPOT_TAINT}) for a workload the spec lets onto
     * spot; null (no tolerations) otherwise, so it stays off every spot node.
     */
    static List<Toleration> spotTolerations(boolean allowSpot) {
        return allowSpot ? List.of(spotToleration()) : null;
    }

    static Toleration spotToleration() {
        return new TolerationBuilder().withKey(WorkerPoolSpec.CAPACITY_LABEL).withOperator("Equal")
                .withValue(WorkerPoolSpec.SPOT).withEffect("NoSchedule").build();
    }

    static SecurityContext containerSecurity() {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withCapabilities(new Capabilities(null, List.of("ALL")))
                .build();
    }

    static ResourceRequirements resources(ResourcesSpec spec) {
        return new ResourceRequirementsBuilder()
                .withRequests(Map.of("cpu", new Quantity(spec.cpu()), "memory", new Quantity(spec.memory())))
                .withLimits(Map.of("memory", new Quantity(spec.memory())))
                .build();
    }

    /**
     * Spread over zones and nodes. {@code strict}: never two on one node and never an uneven zone (MongoDB members,
     * where losing a zone must not lose the majority); otherwise a preference, so an app still runs with a zone
     * down.
     */
    static List<TopologySpreadConstraint> spread(Map<String, String> selector, boolean strict) {
        List<TopologySpreadConstraint> out = new ArrayList<>();
        for (String key : List.of(ZONE, HOST)) {
            out.add(new TopologySpreadConstraintBuilder()
                    .withTopologyKey(key)
                    .withMaxSkew(1)
                    .withWhenUnsatisfiable(strict ? "DoNotSchedule" : "ScheduleAnyway")
                    .withLabelSelector(new LabelSelector(null, selector))
                    .build());
        }
        return out;
    }

    /** Every key of each Secret as an environment variable. */
    static List<EnvFromSource> envFrom(List<String> secrets) {
        return secrets.stream().map(s -> new EnvFromSourceBuilder().withNewSecretRef().withName(s).endSecretRef()
                .build()).toList();
    }

    /** The annotation a Pod template carries when it reads Secrets (none when it reads none). */
    static Map<String, String> usesSecrets(List<String> secrets) {
        return secrets.isEmpty() ? Map.of()
                : Map.of(SecretAnnotations.USES_SECRETS, String.join(",", secrets.stream().sorted().toList()));
    }

    /** {@code app.kubernetes.io/name: NAME}: how Services, budgets and spreading select a workload's Pods. */
    static Map<String, String> selector(String name) {
        return Map.of("app.kubernetes.io/name", name);
    }
}
