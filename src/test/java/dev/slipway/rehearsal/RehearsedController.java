package dev.slipway.rehearsal;

import dev.slipway.testing.FreePorts;
import dev.slipway.testing.HarnessBinaries;
import dev.slipway.testing.HarnessProcess;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One controller of the rehearsal: its root folder (what Ignition laid out), its node IP (a loopback address), the
 * free ports that stand in for its well-known ones, and the command line of each static Pod it runs.
 */
final class RehearsedController {
    static final List<String> COMPONENTS = List.of("etcd", "kube-apiserver", "kube-controller-manager",
            "kube-scheduler");
    /**
     * Flags the rehearsal adds, and why. The rendered commands must not set them (that would be overridden here):
     * the API server listens on all addresses on a node, here on loopback only; the controller-manager and scheduler
     * use their default ports on a node, taken here by the other controllers on the same machine.
     */
    static final Map<String, String> ADDED_FLAGS = Map.of(
            "kube-apiserver", "--bind-address",
            "kube-controller-manager", "--secure-port",
            "kube-scheduler", "--secure-port");

    final int index;
    final String ip;
    final String etcdName;
    final Path root;
    final int apiPort = FreePorts.loopback();
    final int etcdClientPort = FreePorts.loopback();
    final int etcdPeerPort = FreePorts.loopback();
    final int etcdMetricsPort = FreePorts.loopback();
    final int controllerManagerPort = FreePorts.loopback();
    final int schedulerPort = FreePorts.loopback();
    NodeRewrites rewrites;

    RehearsedController(int index, Path root) {
        this.index = index;
        this.ip = "127.0.0." + (2 + index);
        this.etcdName = "etcd" + index;
        this.root = root;
    }

    /**
     * The rewrites for this controller, given all controllers (their etcd ports) and the API's DNS names (the public
     * and the VPC-internal load balancer).
     */
    void rewrites(List<RehearsedController> all, List<String> etcdHostnames, List<String> apiHostnames) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("/etc/kubernetes/", root + "/etc/kubernetes/");
        t.put("/etc/slipway/", root + "/etc/slipway/");
        t.put("/var/lib/etcd", root + "/var/lib/etcd");
        t.put("/var/log/kubernetes/", root + "/var/log/kubernetes/");
        for (String address : List.of("127.0.0.1", ip)) {
            t.put(address + ":6443", address + ":" + apiPort);
            t.put(address + ":2379", address + ":" + etcdClientPort);
            t.put(address + ":2381", address + ":" + etcdMetricsPort);
        }
        t.put(ip + ":2380", ip + ":" + etcdPeerPort);
        t.put("--secure-port=6443", "--secure-port=" + apiPort);
        for (RehearsedController c : all) {
            String host = etcdHostnames.get(c.index);
            t.put(host + ":2379", host + ":" + c.etcdClientPort);
            t.put(host + ":2380", host + ":" + c.etcdPeerPort);
        }
        // Each load balancer's name leads to the first controller's API server.
        for (String apiHostname : apiHostnames) {
            t.put(apiHostname + ":6443", apiHostname + ":" + all.get(0).apiPort);
        }
        rewrites = new NodeRewrites(t);
    }

    Path file(String absolute) {
        return IgnitionLayout.under(root, absolute);
    }

    /** The static Pod the {@code static-pods} script wrote for {@code component}. */
    Pod manifest(String component) {
        try {
            return new KubernetesSerialization().unmarshal(
                    Files.readString(file("/etc/kubernetes/manifests/" + component + ".yaml")), Pod.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rendered command (first container's), rewritten as described; the flags the rehearsal adds at the end. */
    List<String> command(String component, HarnessBinaries bin) {
        List<String> rendered = manifest(component).getSpec().getContainers().get(0).getCommand();
        if (!rendered.get(0).equals(component)) {
            throw new AssertionError(component + ": the static Pod runs " + rendered.get(0) + ", not " + component);
        }
        List<String> out = new ArrayList<>();
        out.add(bin.bin().resolve(component).toString());
        for (String arg : rendered.subList(1, rendered.size())) {
            String rewritten = rewrites.apply(arg);
            if (!rewrites.undo(rewritten).equals(arg)) {
                throw new AssertionError(component + ": rewriting " + arg + " is not reversible: " + rewritten);
            }
            if (!flagName(rewritten).equals(flagName(arg))) {
                throw new AssertionError(component + ": a rewrite changed a flag name: " + arg + " -> " + rewritten);
            }
            out.add(rewritten);
        }
        String added = ADDED_FLAGS.get(component);
        if (added != null) {
            if (rendered.stream().anyMatch(a -> flagName(a).equals(added))) {
                throw new AssertionError(component + " now renders " + added + "; the rehearsal would override it");
            }
            out.add(added + "=" + switch (component) {
                case "kube-apiserver" -> "127.0.0.1";
                case "kube-controller-manager" -> String.valueOf(controllerManagerPort);
                default -> String.valueOf(schedulerPort);
            });
        }
        return out;
    }

    static String flagName(String arg) {
        int eq = arg.indexOf('=');
        return eq < 0 ? arg : arg.substring(0, eq);
    }

    /**
     * Starts {@code command} in a mount namespace of its own whose {@code /etc/hosts} is {@code hosts}: the DNS
     * stand-in (etcd's and the API's names to loopback addresses), visible to this process only.
     */
    static HarnessProcess start(String name, List<String> command, Path hosts, Path log) {
        List<String> wrapped = new ArrayList<>(List.of("unshare", "--mount", "--", "sh", "-c",
                "mount --bind \"$0\" /etc/hosts && exec \"$@\"", hosts.toString()));
        wrapped.addAll(command);
        return HarnessProcess.start(name, wrapped, log);
    }
}
