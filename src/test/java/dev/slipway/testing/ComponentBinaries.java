package dev.slipway.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The rendered Pods' own binaries (CoreDNS, Prometheus and promtool, Alertmanager and amtool) at the versions of the
 * rendered images, built from Go modules by {@code testing/build-components.sh} on first use, apart from the
 * harness (own modules under {@code testing/components/}, own cache key). Only the binaries a test asks for are
 * built, so a test that needs promtool does not wait for CoreDNS.
 */
public final class ComponentBinaries {
    private static final long BUILD_TIMEOUT_MINUTES = 60;

    private ComponentBinaries() {
    }

    /** The built binary {@code name} (coredns, prometheus, promtool, alertmanager, amtool), building it if missing. */
    public static Path locate(String name) {
        Path script = GoldenFiles.repo().resolve("testing/build-components.sh");
        Run printed = run(List.of("bash", script.toString(), "--print", name));
        if (printed.status != 0) {
            System.err.println("Slipway test components: " + name + " missing from " + printed.stdout
                    + "; building it with testing/build-components.sh (first run only)");
            printed = run(List.of("bash", script.toString(), name));
            if (printed.status != 0) {
                throw new IllegalStateException("testing/build-components.sh " + name + " failed with status "
                        + printed.status + " (its output is above)");
            }
        }
        Path binary = Path.of(printed.stdout).resolve(name);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("testing/build-components.sh did not leave " + binary);
        }
        return binary;
    }

    /** A finished tool run: exit status and what it printed (stdout then stderr). */
    public record Run(int status, String stdout, String stderr) {
        public String output() {
            return stdout + stderr;
        }
    }

    /** Runs a command to its end (at most two minutes), stdin from /dev/null. */
    public static Run exec(List<String> command) {
        return exec(command, 2);
    }

    private static Run run(List<String> command) {
        return exec(command, BUILD_TIMEOUT_MINUTES);
    }

    private static Run exec(List<String> command, long timeoutMinutes) {
        boolean build = command.get(0).equals("bash");
        try {
            Path out = Files.createTempFile("component", ".out");
            Path err = Files.createTempFile("component", ".err");
            try {
                Process p = new ProcessBuilder(new ArrayList<>(command))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(out.toFile())
                        // a build's progress goes to the test's own stderr, as the harness build's does
                        .redirectError(build ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.to(err.toFile()))
                        .start();
                if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(command + " did not finish in " + timeoutMinutes + " minutes");
                }
                String stdout = Files.readString(out, StandardCharsets.UTF_8);
                return new Run(p.exitValue(), build ? stdout.strip() : stdout,
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }
}
