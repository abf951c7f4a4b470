package dev.slipway.apply.etcd;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.URI;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * etcd members reached from the operator's machine through the API server: a port-forward to the member's static Pod
 * (mirror Pod {@code kube-system/etcd-NODE}, found by the {@code --name=etcdN} its command carries), which on a
 * host-network Pod arrives at the controller's {@code 127.0.0.1:2379}, a name the etcd server certificate carries.
 *
 * <p>Why this way: controllers are in private subnets, and etcd's client port stays closed to everything but the
 * controllers (no new security group rule, no admin CIDR on the port that holds every Secret). The tunnel needs the
 * admin credential (RBAC {@code pods/portforward} in {@code kube-system}) and the API server and the member's kubelet
 * to be up, which a rotation asks for anyway. Inside the tunnel it is still mutual TLS to etcd with the operator's own
 * short-lived certificate ({@link EtcdTls#forOperator}), so the API server and kubelet see only ciphertext.
 */
public final class PortForwardedEtcd implements EtcdAccess {
    static final int CLIENT_PORT = 2379;

    private final KubernetesClient kube;
    private final SSLContext tls;
    /** By Pod UID: a replaced controller's new Pod gets a tunnel of its own. */
    private final Map<String, LocalPortForward> tunnels = new HashMap<>();

    public PortForwardedEtcd(KubernetesClient kube, SSLContext tls) {
        this.kube = kube;
        this.tls = tls;
    }

    @Override
    public synchronized Optional<EtcdClient> member(String name) {
        Optional<Pod> pod = memberPod(kube.pods().inNamespace("kube-system").withLabel("component", "etcd").list()
                .getItems(), name);
        if (pod.isEmpty()) {
            return Optional.empty();
        }
        String uid = pod.get().getMetadata().getUid();
        LocalPortForward tunnel = tunnels.get(uid);
        if (tunnel == null || !tunnel.isAlive() || tunnel.errorOccurred()) {
            closeQuietly(tunnel);
            tunnel = kube.pods().inNamespace("kube-system").withName(pod.get().getMetadata().getName())
                    .portForward(CLIENT_PORT);
            tunnels.put(uid, tunnel);
        }
        return Optional.of(new EtcdClient(URI.create("https://127.0.0.1:" + tunnel.getLocalPort()), tls));
    }

    /** The newest running Pod whose etcd command says {@code --name=NAME} (a replaced controller's may linger). */
    static Optional<Pod> memberPod(List<Pod> pods, String name) {
        return pods.stream()
                .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                .filter(p -> p.getSpec().getContainers().stream().anyMatch(c -> c.getCommand() != null
                        && c.getCommand().contains("--name=" + name)))
                .max(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp()));
    }

    @Override
    public synchronized void close() {
        tunnels.values().forEach(PortForwardedEtcd::closeQuietly);
        tunnels.clear();
    }

    private static void closeQuietly(LocalPortForward tunnel) {
        if (tunnel != null) {
            try {
                tunnel.close();
            } catch (IOException e) {
                // a tunnel that is gone is closed
            }
        }
    }
}
