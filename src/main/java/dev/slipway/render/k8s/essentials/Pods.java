package dev.slipway.render.k8s.essentials;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.Map;
import java.util.TreeMap;

/** The pieces of Pod specs every essential repeats: requests, probes, volumes, security contexts, PDBs. */
final class Pods {
    private Pods() {
    }

    /** What the scheduler reserves for a container: every essential container declares it. */
    static ResourceRequirements requests(String cpu, String memory) {
        Map<String, Quantity> requests = new TreeMap<>();
        requests.put("cpu", new Quantity(cpu));
        requests.put("memory", new Quantity(memory));
        return new ResourceRequirementsBuilder().withRequests(requests).build();
    }

    /** An HTTP(S) GET probe on a port given by name ({@code "https"}) or number ({@code "8080"}). */
    static Probe httpProbe(String path, String port, String scheme, int periodSeconds, int failureThreshold) {
        // A number sent as a string is a port name to the API server, and names must contain a letter.
        IntOrString p = port.chars().allMatch(Character::isDigit) ? new IntOrString(Integer.parseInt(port))
                : new IntOrString(port);
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(p).withScheme(scheme).endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(5)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    /** Non-root, read-only root file system, no privilege escalation, no capabilities. */
    static SecurityContext restricted() {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    /** No privilege escalation, read-only root file system, as the image's own user (node plugins run as root). */
    static SecurityContext readOnly() {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .build();
    }

    static SecurityContext privileged() {
        return new SecurityContextBuilder().withPrivileged(true).build();
    }

    static Volume hostPath(String name, String path, String type) {
        return new VolumeBuilder().withName(name).withNewHostPath().withPath(path).withType(type).endHostPath()
                .build();
    }

    static Volume configMap(String name, String configMap) {
        return new VolumeBuilder().withName(name).withNewConfigMap().withName(configMap).endConfigMap().build();
    }

    static Volume emptyDir(String name) {
        return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
    }

    static VolumeMount mount(String name, String path, boolean readOnly) {
        return new VolumeMountBuilder().withName(name).withMountPath(path).withReadOnly(readOnly).build();
    }

    static EnvVar fieldRef(String name, String fieldPath) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(fieldPath)
                .endFieldRef().endValueFrom().build();
    }

    static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    /** At most one Pod of {@code selector} evicted at a time (drains, OS update reboots). */
    static PodDisruptionBudget oneAtATime(String namespace, String name, Map<String, String> selector) {
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec()
                    .withMaxUnavailable(new IntOrString(1))
                    .withSelector(new LabelSelectorBuilder().withMatchLabels(new TreeMap<>(selector)).build())
                .endSpec()
                .build();
    }
}
