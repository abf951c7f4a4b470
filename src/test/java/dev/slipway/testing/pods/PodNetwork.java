package dev.slipway.testing.pods;

import dev.slipway.testing.GoldenFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Pod's network namespace: its own loopback carrying the Pod's IP and the Service addresses the Pod needs to exist
 * (the cluster DNS address, the {@code kubernetes} Service's), and nothing else — no interface leads out, so nothing
 * a Pod sends leaves the namespace except through the one forwarder: {@code kubernetes} Service:443 to the harness
 * API server on the test's loopback ({@code testing/netns-forward.py}). In a cluster kube-proxy or Cilium turns a
 * Service address into a Pod's; here the address is on the Pod's own loopback, so a Pod serving a Service (CoreDNS)
 * receives what is sent to the Service address.
 */
final class PodNetwork implements AutoCloseable {
    private final String name;
    private final Process forwarder;

    private PodNetwork(String name, Process forwarder) {
        this.name = name;
        this.forwarder = forwarder;
    }

    String name() {
        return name;
    }

    /** Creates namespace {@code name} with {@code addresses} on its loopback and the API server forwarder. */
    static PodNetwork create(String name, List<String> addresses, PodCluster cluster) {
        ip("netns", "add", name);
        try {
            ip("-n", name, "link", "set", "lo", "up");
            for (String address : addresses.stream().distinct().toList()) {
                ip("-n", name, "addr", "add", address + "/32", "dev", "lo");
            }
            Process forwarder = new ProcessBuilder("python3",
                    GoldenFiles.repo().resolve("testing/netns-forward.py").toString(), name,
                    cluster.kubernetesServiceAddress() + ":443",
                    cluster.apiServerHost() + ":" + cluster.apiServerPort())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String first = new BufferedReader(new InputStreamReader(forwarder.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            if (!"listening".equals(first)) {
                forwarder.destroyForcibly();
                throw new IllegalStateException("netns-forward.py did not start in " + name + ": " + first);
            }
            return new PodNetwork(name, forwarder);
        } catch (IOException | RuntimeException e) {
            ip("netns", "del", name);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** {@code command} run inside the namespace (as root, in the test's file system). */
    List<String> inside(List<String> command) {
        List<String> out = new ArrayList<>(List.of("/usr/sbin/ip", "netns", "exec", name));
        out.addAll(command);
        return out;
    }

    @Override
    public void close() {
        forwarder.destroyForcibly();
        ip("netns", "del", name);
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/sbin/ip"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
