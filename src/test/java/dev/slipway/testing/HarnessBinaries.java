package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The folder holding the harness's binaries (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl,
 * kwok) and kwok's stages, as built by {@code testing/build-harness.sh} into the user's cache. When they are not
 * built yet, runs that script — so a plain {@code mvn test} works on any machine with Go — and says so, since the
 * first build takes a while. {@code SLIPWAY_HARNESS_BIN} points at a folder built elsewhere.
 */
public record HarnessBinaries(Path bin) {
    private static final long BUILD_TIMEOUT_MINUTES = 60;

    public Path etcd() {
        return bin.resolve("etcd");
    }

    public Path kubeApiserver() {
        return bin.resolve("kube-apiserver");
    }

    public Path kubeControllerManager() {
        return bin.resolve("kube-controller-manager");
    }

    public Path kubeScheduler() {
        return bin.resolve("kube-scheduler");
    }

    public Path kubectl() {
        return bin.resolve("kubectl");
    }

    public Path kwok() {
        return bin.resolve("kwok");
    }

    public Path kwokStages() {
        return bin.resolve("kwok-stages.yaml");
    }

    /** The binaries for the pinned versions, building them first if they are missing. */
    public static HarnessBinaries locate() {
        String override = System.getenv("SLIPWAY_HARNESS_BIN");
        if (override != null && !override.isBlank()) {
            return new HarnessBinaries(Path.of(override)).requireComplete();
        }
        Path script = GoldenFiles.repo().resolve("testing/build-harness.sh");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("cannot find " + script + "; run the tests from the repository root");
        }
        Result printed = run(script, "--print");
        if (printed.status == 0) {
            return new HarnessBinaries(Path.of(printed.stdout)).requireComplete();
        }
        System.err.println("Slipway test harness: Kubernetes binaries missing from " + printed.stdout
                + "; building them with testing/build-harness.sh (first run only, 15-30 minutes on 2 cores)");
        Result built = run(script);
        if (built.status != 0) {
            throw new IllegalStateException("testing/build-harness.sh failed with status " + built.status
                    + " (its output is above)");
        }
        return new HarnessBinaries(Path.of(built.stdout)).requireComplete();
    }

    private HarnessBinaries requireComplete() {
        List<Path> missing = List.of(etcd(), kubeApiserver(), kubeControllerManager(), kubeScheduler(), kubectl(),
                kwok(), kwokStages()).stream().filter(p -> !Files.isRegularFile(p)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("harness binaries incomplete, missing " + missing);
        }
        return this;
    }

    private record Result(int status, String stdout) {
    }

    private static Result run(Path script, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " did not finish in " + BUILD_TIMEOUT_MINUTES + " minutes");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + script, e);
        }
    }
}
