package dev.slipway.testing.pods;

import dev.slipway.testing.GoldenFiles;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A container the {@link PodRunner} started: its process, its log, its network namespace. */
public final class RunningPod implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final PodNetwork network;
    private final Container container;
    private final String podIp;

    RunningPod(Process process, Path log, PodNetwork network, Container container, String podIp) {
        this.process = process;
        this.log = log;
        this.network = network;
        this.container = container;
        this.podIp = podIp;
    }

    public String podIp() {
        return podIp;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** What the container wrote to stdout and stderr so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the container's readiness probe (httpGet, as the kubelet does: from outside the container, to the Pod
     * IP) every second until it succeeds; false when the process exits or {@code timeout} passes first.
     */
    public boolean awaitReady(Duration timeout) {
        Probe probe = container.getReadinessProbe();
        if (probe == null || probe.getHttpGet() == null) {
            throw new UnsupportedOperationException("only httpGet readiness probes are run");
        }
        HTTPGetAction get = probe.getHttpGet();
        String scheme = get.getScheme() == null ? "http" : get.getScheme().toLowerCase(java.util.Locale.ROOT);
        String url = scheme + "://" + podIp + ":" + port(get) + get.getPath();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            // the kubelet counts 200-399 as success
            String status = inside(List.of("curl", "-sk", "-o", "/dev/null", "-w", "%{http_code}", "-m", "2", url))
                    .strip();
            if (status.matches("[23]\\d\\d")) {
                return true;
            }
            sleep(1000);
        }
        return false;
    }

    /**
     * Asks {@code server} (an address in this Pod's namespace) for the A records of {@code name} over UDP
     * ({@code testing/dns-query.py}): "RCODE addr addr..." or "timeout".
     */
    public String dnsQuery(String server, String name) {
        return inside(List.of("python3", GoldenFiles.repo().resolve("testing/dns-query.py").toString(), server,
                name)).strip();
    }

    /** Waits up to {@code timeout} for the process to exit; its exit status, or -1 when it still runs. */
    public int awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private int port(HTTPGetAction get) {
        if (get.getPort().getIntVal() != null) {
            return get.getPort().getIntVal();
        }
        String name = get.getPort().getStrVal();
        if (name.matches("\\d+")) {
            return Integer.parseInt(name);
        }
        return container.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("probe names no port: " + name));
    }

    private String inside(List<String> command) {
        try {
            Process p = new ProcessBuilder(network.inside(new ArrayList<>(command))).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the process (TERM, then KILL after 10 s, as a kubelet's grace period would) and the namespace. */
    @Override
    public void close() {
        process.destroy();
        if (awaitExit(Duration.ofSeconds(10)) == -1) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(5));
        }
        network.close();
    }
}
