package dev.slipway.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The long-running half of {@code testing/cluster.sh up}: starts a {@link KubernetesControlPlane} (throwaway PKI,
 * the default simulated Nodes) in the given folder, writes one pid file per component and a {@code ready} marker,
 * then waits; SIGTERM ({@code cluster.sh down}) stops every component through the same code the tests use.
 *
 * <p>Usage: {@code java -cp ... dev.slipway.testing.HarnessCluster STATE_DIR [PKI_DIR]}. With {@code PKI_DIR} (an
 * environment's {@code .slipway/ENV/pki}) the control plane runs on that PKI, and the admin group of Slipway's
 * kubeconfigs is bound to cluster-admin, as the controllers' bootstrap does on a real cluster.
 */
public final class HarnessCluster {
    private HarnessCluster() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: HarnessCluster STATE_DIR [PKI_DIR]");
            System.exit(2);
        }
        Path state = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(state);
        KubernetesControlPlane.Builder builder = KubernetesControlPlane.builder().workDir(state);
        if (args.length == 2) {
            builder.pki(Path.of(args[1]));
        }
        KubernetesControlPlane controlPlane = builder.start();
        if (args.length == 2) {
            controlPlane.client().resource(dev.slipway.pki.ClusterAdminsBinding.manifest()).serverSideApply();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            controlPlane.close();
            stopped.countDown();
        }, "harness-cluster-stop"));

        Path pids = Files.createDirectories(state.resolve("pids"));
        for (Map.Entry<String, Long> pid : controlPlane.pids().entrySet()) {
            Files.writeString(pids.resolve(pid.getKey() + ".pid"), pid.getValue() + "\n");
        }
        Files.writeString(state.resolve("ready"), "KUBECONFIG=" + controlPlane.kubeconfig() + "\n"
                + "KUBECTL=" + controlPlane.binaries().kubectl() + "\n"
                + "APISERVER=" + controlPlane.apiserverUrl() + "\n");
        System.out.println("control plane ready: " + controlPlane.apiserverUrl() + ", nodes "
                + controlPlane.nodeNames());
        // Unbounded on purpose: this is the process behind 'testing/cluster.sh up', which a person stops with
        // 'cluster.sh down' (SIGTERM, handled by the hook above); no test waits on it.
        stopped.await();
    }
}
