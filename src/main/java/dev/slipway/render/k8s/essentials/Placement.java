package dev.slipway.render.k8s.essentials;

import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.Map;

/**
 * Where essentials run. The controllers' label and taint are the ones the Ignition renderer gives controller kubelets
 * ({@code NodeRole}); a node joins tainted {@code uninitialized} (external cloud provider) and {@code not-ready}
 * (no pod network yet), and the components that lift those taints must run despite them.
 */
final class Placement {
    /** The label controller kubelets register with (node-role.kubernetes.io/* cannot be self-assigned). */
    static final String CONTROLLER_LABEL = "node.kubernetes.io/controller";
    static final String CONTROLLER_TAINT = "node-role.kubernetes.io/controller";
    static final String UNINITIALIZED_TAINT = "node.cloudprovider.kubernetes.io/uninitialized";
    static final String NOT_READY_TAINT = "node.kubernetes.io/not-ready";
    /**
     * The controller's own API server, for host-network Pods on controllers: it works before the pod network and the
     * load balancer do, and its certificate names 127.0.0.1.
     */
    static final String LOCAL_API_SERVER = "127.0.0.1";

    private Placement() {
    }

    /** Node-level agents (pod network, storage, update agent): every node, whatever its taints (e.g. dedicated pools). */
    static List<Toleration> everyNode() {
        return List.of(new TolerationBuilder().withOperator("Exists").build());
    }

    /** Select controllers only. */
    static Map<String, String> controllers() {
        return Map.of(CONTROLLER_LABEL, "true");
    }

    /**
     * Controllers, also before the pod network and the cloud controller have made them ready: for the cloud
     * controller manager and the EBS CSI controller (host network, controller instance role).
     */
    static List<Toleration> controllersBeforeReady() {
        return List.of(
                exists(CONTROLLER_TAINT, "NoSchedule"),
                exists(UNINITIALIZED_TAINT, "NoSchedule"),
                exists(NOT_READY_TAINT, "NoSchedule"));
    }

    /** Cluster-wide services that may also run on controllers (DNS, metrics, CSR approval). */
    static List<Toleration> controllersToo() {
        return List.of(exists(CONTROLLER_TAINT, "NoSchedule"));
    }

    private static Toleration exists(String key, String effect) {
        return new TolerationBuilder().withKey(key).withOperator("Exists").withEffect(effect).build();
    }
}
