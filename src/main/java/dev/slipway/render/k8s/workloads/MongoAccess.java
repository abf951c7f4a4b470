package dev.slipway.render.k8s.workloads;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import java.util.List;
import java.util.Map;

/**
 * Who may connect to MongoDB: the other members (replication), mongo-express and the backup job in namespace
 * {@code mongo}, and in namespace {@code apps} only Pods labelled {@code slipway.dev/uses-mongo: "true"} (apps and
 * cron jobs with {@code usesMongo: true}). Everything else is dropped by the CNI's policy enforcement.
 */
final class MongoAccess {
    static final String NAME = "mongo-clients";

    private MongoAccess() {
    }

    static NetworkPolicy networkPolicy() {
        List<NetworkPolicyPeer> from = List.of(
                samePodsNamed(MongoNames.NAME),
                samePodsNamed(MongoExpress.NAME),
                samePodsNamed(MongoBackup.NAME),
                new NetworkPolicyPeerBuilder()
                        .withNamespaceSelector(new LabelSelector(null,
                                Map.of("kubernetes.io/metadata.name", WorkloadNamespaces.APPS)))
                        .withPodSelector(new LabelSelector(null, Map.of(PodDefaults.USES_MONGO, "true")))
                        .build());
        return new NetworkPolicyBuilder()
                .withNewMetadata().withName(NAME).withNamespace(WorkloadNamespaces.MONGO).endMetadata()
                .withNewSpec()
                    .withNewPodSelector().withMatchLabels(PodDefaults.selector(MongoNames.NAME)).endPodSelector()
                    .withPolicyTypes("Ingress")
                    .addNewIngress()
                        .withFrom(from)
                        .addNewPort().withProtocol("TCP").withPort(new IntOrString(MongoNames.PORT)).endPort()
                    .endIngress()
                .endSpec()
                .build();
    }

    private static NetworkPolicyPeer samePodsNamed(String name) {
        return new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelector(null, PodDefaults.selector(name)))
                .build();
    }
}
