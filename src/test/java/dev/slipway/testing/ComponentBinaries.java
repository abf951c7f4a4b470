package dev.slipway.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        ToolRun printed = build(List.of("bash", script.toString(), "--print", name));
        if (printed.status() != 0) {
            System.err.println("Slipway test components: " + name + " missing from " + printed.stdout()
                    + "; building it with testing/build-components.sh (first run only)");
            printed = build(List.of("bash", script.toString(), name));
            if (printed.status() != 0) {
                throw new IllegalStateException("testing/build-components.sh " + name + " failed with status "
                        + printed.status() + " (its output is above)");
            }
        }
        Path binary = Path.of(printed.stdout()).resolve(name);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("testing/build-components.sh did not leave " + binary);
        }
        return binary;
    }

    /** Runs a command to its end (at most two minutes), stdin from /dev/null. */
    public static ToolRun exec(List<String> command) {
        return ToolRun.exec(command, 2);
    }

    /** A build script's run: its stdout is the bin folder, trimmed. */
    private static ToolRun build(List<String> command) {
        ToolRun r = ToolRun.exec(command, BUILD_TIMEOUT_MINUTES);
        return new ToolRun(r.status(), r.stdout().strip(), r.stderr());
    }
}
