package dev.slipway.testing.pods;

import dev.slipway.testing.GoldenFiles;
import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A container the {@link PodRunner} started, looked after as the kubelet looks after it (pkg/kubelet/prober,
 * pkg/kubelet/kuberuntime): its readiness probe sets {@link #ready()} after {@code successThreshold} successes and
 * clears it after {@code failureThreshold} failures; {@code failureThreshold} failed liveness probes in a row stop the
 * process (TERM, then KILL after the grace period) and start it again; an exit restarts it too (restartPolicy
 * Always) after the kubelet's back-off (10 s, doubling, at most 300 s). Each end is recorded as a
 * {@link Termination}; the container's output over all its starts is in {@link #log()}.
 */
public final class RunningPod implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final ProcessBuilder start;
    private final Path log;
    private final PodNetwork network;
    private final String podIp;
    private final Optional<PodProbe> readiness;
    private final Optional<PodProbe> liveness;
    private final List<Termination> terminations = new ArrayList<>();
    private final List<String> probeLog = new ArrayList<>();
    private final Thread supervisor;
    private volatile Process process;
    private volatile boolean ready;
    private volatile boolean closing;
    private volatile int livenessSuccesses;

    /** How the container ended once: its exit status and why (a liveness failure, or its own exit). */
    public record Termination(int exitStatus, String reason) {
    }

    RunningPod(ProcessBuilder start, Path log, PodNetwork network, Container container, String podIp,
            InContainer inContainer) throws IOException {
        this.start = start;
        this.log = log;
        this.network = network;
        this.podIp = podIp;
        Function<List<String>, List<String>> inNetwork = c -> network.inside(new ArrayList<>(c));
        this.readiness = Optional.ofNullable(container.getReadinessProbe())
                .map(p -> new PodProbe(p, container, podIp, inNetwork, c -> inContainer.apply(pid(), c)));
        this.liveness = Optional.ofNullable(container.getLivenessProbe())
                .map(p -> new PodProbe(p, container, podIp, inNetwork, c -> inContainer.apply(pid(), c)));
        this.process = start.start();
        this.supervisor = new Thread(this::supervise, "pod-" + container.getName() + "-" + podIp);
        supervisor.setDaemon(true);
        supervisor.start();
    }

    /** Builds a command run in the container's namespaces and root, as a given process id's container. */
    @FunctionalInterface
    interface InContainer {
        List<String> apply(long pid, List<String> command);
    }

    private long pid() {
        return process.pid();
    }

    public String podIp() {
        return podIp;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Whether the readiness probe holds now (a container without one is ready while it runs). */
    public boolean ready() {
        return ready;
    }

    /** How many times the container was started again. */
    public synchronized int restarts() {
        return terminations.size();
    }

    /** What the container wrote to stdout and stderr over all its starts. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each probe try and its outcome, for a failing test's message. */
    public synchronized String probeLog() {
        return String.join("\n", probeLog);
    }

    /** Waits until the readiness probe holds; false when {@code timeout} passes first. */
    public boolean awaitReady(Duration timeout) {
        return await(timeout, () -> ready);
    }

    /** Waits until a liveness probe has succeeded; false when {@code timeout} passes first. */
    public boolean awaitLive(Duration timeout) {
        return await(timeout, () -> livenessSuccesses > 0);
    }

    /** Waits for the container's first end (its exit or a liveness kill); empty when {@code timeout} passes first. */
    public Optional<Termination> awaitTermination(Duration timeout) {
        await(timeout, () -> restarts() > 0);
        synchronized (this) {
            return terminations.stream().findFirst();
        }
    }

    /**
     * Asks {@code server} (an address in this Pod's namespace) for the A records of {@code name} over UDP
     * ({@code testing/dns-query.py}): "RCODE addr addr..." or "timeout".
     */
    public String dnsQuery(String server, String name) {
        List<String> command = network.inside(new ArrayList<>(List.of("python3",
                GoldenFiles.repo().resolve("testing/dns-query.py").toString(), server, name)));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void supervise() {
        long started = System.nanoTime();
        long nextReadiness = started + seconds(readiness.map(PodProbe::initialDelaySeconds).orElse(0));
        long nextLiveness = started + seconds(liveness.map(PodProbe::initialDelaySeconds).orElse(0));
        int readyStreak = 0;
        int unreadyStreak = 0;
        int livenessFailures = 0;
        long backOff = seconds(10);
        ready = readiness.isEmpty();
        while (!closing) {
            long now = System.nanoTime();
            Process p = process;
            if (!p.isAlive()) {
                ready = false;
                record(new Termination(p.exitValue(), p.exitValue() == 0 ? "Completed" : "Error"));
                if (!pause(backOff)) {
                    return;
                }
                backOff = Math.min(backOff * 2, seconds(300));
                restart();
                started = System.nanoTime();
                nextReadiness = started + seconds(readiness.map(PodProbe::initialDelaySeconds).orElse(0));
                nextLiveness = started + seconds(liveness.map(PodProbe::initialDelaySeconds).orElse(0));
                readyStreak = unreadyStreak = livenessFailures = 0;
                ready = readiness.isEmpty();
                continue;
            }
            if (readiness.isPresent() && now >= nextReadiness) {
                PodProbe.Result r = readiness.get().once();
                note("readiness", r);
                readyStreak = r.success() ? readyStreak + 1 : 0;
                unreadyStreak = r.success() ? 0 : unreadyStreak + 1;
                if (readyStreak >= readiness.get().successThreshold()) {
                    ready = true;
                }
                if (unreadyStreak >= readiness.get().failureThreshold()) {
                    ready = false;
                }
                nextReadiness = System.nanoTime() + seconds(readiness.get().periodSeconds());
            }
            if (liveness.isPresent() && now >= nextLiveness) {
                PodProbe.Result r = liveness.get().once();
                note("liveness", r);
                livenessFailures = r.success() ? 0 : livenessFailures + 1;
                livenessSuccesses += r.success() ? 1 : 0;
                nextLiveness = System.nanoTime() + seconds(liveness.get().periodSeconds());
                if (livenessFailures >= liveness.get().failureThreshold()) {
                    ready = false;
                    int status = stop(p);
                    record(new Termination(status, "liveness probe failed " + livenessFailures + " times"));
                    restart();
                    started = System.nanoTime();
                    nextReadiness = started + seconds(readiness.map(PodProbe::initialDelaySeconds).orElse(0));
                    nextLiveness = started + seconds(liveness.get().initialDelaySeconds());
                    readyStreak = unreadyStreak = livenessFailures = 0;
                    ready = readiness.isEmpty();
                }
            }
            if (!pause(seconds(1) / 4)) {
                return;
            }
        }
    }

    private void restart() {
        try {
            process = start.start();
        } catch (IOException e) {
            record(new Termination(-1, "could not start: " + e.getMessage()));
            closing = true;
        }
    }

    private synchronized void record(Termination t) {
        terminations.add(t);
        probeLog.add("terminated: " + t);
    }

    private synchronized void note(String kind, PodProbe.Result r) {
        probeLog.add(kind + " " + (r.success() ? "ok" : "failed") + ": " + r.detail());
    }

    private boolean await(Duration timeout, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() >= deadline || !pause(seconds(1) / 4)) {
                return false;
            }
        }
        return true;
    }

    private static boolean pause(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long seconds(long s) {
        return TimeUnit.SECONDS.toNanos(s);
    }

    /** TERM, then KILL after the grace period, as a kubelet's stop does; the exit status. */
    private static int stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            return p.isAlive() ? -1 : p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Stops the container for good (no restart) and removes its network namespace. */
    @Override
    public void close() {
        closing = true;
        supervisor.interrupt();
        try {
            supervisor.join(TimeUnit.SECONDS.toMillis(20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop(process);
        network.close();
    }
}
