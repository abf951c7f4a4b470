package dev.slipway.render.k8s.addons;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shapes every add-on repeats: its namespace, the label that selects its pods, containers that run as an
 * unprivileged user with a read-only root, requests and limits, ClusterIP Services, claims on the environment's
 * StorageClass, and a hash of configuration that rolls pods when the configuration changes.
 */
final class AddonParts {
    static final String NAME_LABEL = "app.kubernetes.io/name";
    static final String CONFIG_HASH = "slipway.dev/config-hash";
    static final String USES_SECRETS = dev.slipway.render.k8s.workloads.SecretAnnotations.USES_SECRETS;

    private AddonParts() {
    }

    /** The label selecting the pods of workload {@code name}. */
    static Map<String, String> selector(String name) {
        return Map.of(NAME_LABEL, name);
    }

    static Namespace namespace(String name) {
        return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
    }

    static ServiceAccount serviceAccount(String namespace, String name, boolean mountToken) {
        return new ServiceAccountBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withAutomountServiceAccountToken(mountToken).build();
    }

    static ClusterRoleBinding clusterRoleBinding(String name, String clusterRole, String namespace,
            String serviceAccount) {
        return new ClusterRoleBindingBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole)
                .addNewSubject().withKind("ServiceAccount").withName(serviceAccount).withNamespace(namespace)
                .endSubject().build();
    }

    static ConfigMap configMap(String namespace, String name, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withData(new TreeMap<>(data)).build();
    }

    /** A ClusterIP Service selecting workload {@code app}; ports as name → (port, targetPort). */
    static Service service(String namespace, String name, String app, List<ServicePort> ports) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .withLabels(selector(app)).endMetadata()
                .withNewSpec().withType("ClusterIP").withSelector(selector(app)).withPorts(ports).endSpec()
                .build();
    }

    static ServicePort port(String name, int port, int targetPort) {
        return new ServicePortBuilder().withName(name).withProtocol("TCP").withPort(port)
                .withTargetPort(new IntOrString(targetPort)).build();
    }

    /** A claim on the environment's StorageClass for this volume type, {@code sizeGb} GiB, one node at a time. */
    static PersistentVolumeClaim claim(String namespace, String name, String storageClass, int sizeGb) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName(storageClass)
                .withNewResources().addToRequests("storage", new Quantity(sizeGb + "Gi")).endResources()
                .endSpec().build();
    }

    /** Requests what the add-on needs to be scheduled honestly; limits memory (a leak OOMs the pod, not the node). */
    static ResourceRequirements resources(String cpu, String memory, String memoryLimit) {
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity(memory))
                .addToLimits("memory", new Quantity(memoryLimit)).build();
    }

    /** No privilege escalation, no capabilities, read-only root file system. */
    static SecurityContext restricted() {
        return new SecurityContextBuilder().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities().build();
    }

    /** Pods run as {@code uid} (non-root), files written as group {@code uid}, RuntimeDefault seccomp. */
    static PodSecurityContext podSecurity(long uid) {
        return new PodSecurityContextBuilder().withRunAsNonRoot(true).withRunAsUser(uid).withRunAsGroup(uid)
                .withFsGroup(uid).withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().build();
    }

    /** A container with the restricted security context and the given resources; callers add the rest. */
    static ContainerBuilder container(String name, String image, ResourceRequirements resources) {
        return new ContainerBuilder().withName(name).withImage(image).withImagePullPolicy("IfNotPresent")
                .withResources(resources).withSecurityContext(restricted());
    }

    /** A short, stable hash of configuration text: pods annotated with it roll when the configuration changes. */
    static String hash(Map<String, String> data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(data).forEach((k, v) -> {
                sha.update(k.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(v.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            });
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }


}
