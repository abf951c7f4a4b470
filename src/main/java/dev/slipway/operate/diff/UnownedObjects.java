package dev.slipway.operate.diff;

import dev.slipway.apply.kubernetes.DeployPlan;
import dev.slipway.apply.kubernetes.DesiredComponent;
import dev.slipway.apply.kubernetes.ObjectRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Objects in the namespaces Slipway creates, of the kinds Slipway renders, that Slipway did not apply: made by hand
 * (or by a workload at run time). Objects Kubernetes makes itself are not drift and are left out: anything with an
 * owner (ReplicaSets, Jobs of CronJobs, EndpointSlices), each namespace's {@code default} ServiceAccount and
 * {@code kube-root-ca.crt} ConfigMap, a Service's Endpoints, and a StatefulSet's volume claims.
 */
public final class UnownedObjects {
    /** Made in every namespace by Kubernetes' own controllers, with no owner reference. */
    private static final Set<String> MADE_BY_KUBERNETES = Set.of("ServiceAccount/default",
            "ConfigMap/kube-root-ca.crt");

    private final KubernetesClient client;

    public UnownedObjects(KubernetesClient client) {
        this.client = client;
    }

    /** One list request per rendered namespaced kind, across all namespaces, filtered to Slipway's. */
    public List<Drift> find(DeployPlan plan) {
        Set<String> namespaces = new HashSet<>();
        Map<String, String> kinds = new TreeMap<>(); // "apiVersion kind" -> kind, sorted: a stable report order
        Set<ObjectRef> rendered = new HashSet<>();
        List<Pattern> claimsOfStatefulSets = new ArrayList<>();
        for (DesiredComponent c : plan.components()) {
            for (HasMetadata o : c.objects()) {
                ObjectRef ref = ObjectRef.of(o);
                rendered.add(ref);
                if (ref.kind().equals("Namespace") && ref.group().isEmpty()) {
                    namespaces.add(ref.name());
                } else if (ref.namespaced()) {
                    kinds.put(o.getApiVersion() + " " + o.getKind(), o.getKind());
                }
                if (ref.kind().equals("StatefulSet")) {
                    claimsOfStatefulSets.addAll(claimNames(o, ref));
                }
            }
        }
        List<Drift> out = new ArrayList<>();
        for (String apiVersionKind : kinds.keySet()) {
            String[] parts = apiVersionKind.split(" ");
            List<GenericKubernetesResource> live;
            try {
                live = client.genericKubernetesResources(parts[0], parts[1]).inAnyNamespace().list().getItems();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    continue; // a kind the cluster does not serve yet (its CRD missing): the plan says it is missing
                }
                throw e;
            }
            Set<String> services = new HashSet<>();
            if (parts[1].equals("Endpoints")) {
                client.services().inAnyNamespace().list().getItems().forEach(s -> services.add(
                        s.getMetadata().getNamespace() + "/" + s.getMetadata().getName()));
            }
            for (GenericKubernetesResource o : live) {
                ObjectRef ref = ObjectRef.of(o);
                if (!namespaces.contains(ref.namespace()) || rendered.contains(ref)
                        || plan.observed().containsKey(ref) || madeByKubernetes(o, ref, services,
                        claimsOfStatefulSets)) {
                    continue;
                }
                out.add(new Drift(KubernetesDrift.AREA, ref.toString(), "unowned",
                        "in Slipway's namespace " + ref.namespace() + " but not applied by Slipway (made by hand, or"
                                + " by a workload); add it to the spec, or delete it"));
            }
        }
        return out;
    }

    private static boolean madeByKubernetes(GenericKubernetesResource o, ObjectRef ref, Set<String> services,
            List<Pattern> claims) {
        if (o.getMetadata().getOwnerReferences() != null && !o.getMetadata().getOwnerReferences().isEmpty()) {
            return true;
        }
        if (MADE_BY_KUBERNETES.contains(ref.kind() + "/" + ref.name())) {
            return true;
        }
        if (ref.kind().equals("Endpoints") && services.contains(ref.namespace() + "/" + ref.name())) {
            return true;
        }
        return ref.kind().equals("PersistentVolumeClaim")
                && claims.stream().anyMatch(p -> p.matcher(ref.namespace() + "/" + ref.name()).matches());
    }

    /** A StatefulSet's claims are named TEMPLATE-STATEFULSET-ORDINAL (the StatefulSet controller's convention). */
    private static List<Pattern> claimNames(HasMetadata statefulSet, ObjectRef ref) {
        List<Pattern> out = new ArrayList<>();
        if (statefulSet instanceof io.fabric8.kubernetes.api.model.apps.StatefulSet s && s.getSpec() != null
                && s.getSpec().getVolumeClaimTemplates() != null) {
            s.getSpec().getVolumeClaimTemplates().forEach(t -> out.add(Pattern.compile(Pattern.quote(
                    ref.namespace() + "/" + t.getMetadata().getName() + "-" + ref.name() + "-") + "\\d+")));
        } else if (statefulSet instanceof GenericKubernetesResource g) {
            Object spec = g.getAdditionalProperties().get("spec");
            if (spec instanceof Map<?, ?> m && m.get("volumeClaimTemplates") instanceof List<?> templates) {
                for (Object t : templates) {
                    if (t instanceof Map<?, ?> tm && tm.get("metadata") instanceof Map<?, ?> md
                            && md.get("name") instanceof String name) {
                        out.add(Pattern.compile(Pattern.quote(ref.namespace() + "/" + name + "-" + ref.name() + "-")
                                + "\\d+"));
                    }
                }
            }
        }
        return out;
    }
}
