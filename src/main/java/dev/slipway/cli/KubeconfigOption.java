package dev.slipway.cli;

import dev.slipway.apply.KubernetesClients;
import dev.slipway.pki.PkiEntry;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --kubeconfig FILE} for commands that talk to an environment's cluster: by default the admin kubeconfig that
 * {@code slipway kubeconfig --env ENV} wrote. The client comes only from {@link KubernetesClients}, which first checks
 * that the server is this environment's cluster.
 */
public final class KubeconfigOption {
    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig to use (default: .slipway/ENV/admin.conf, written by 'slipway kubeconfig').")
    Path kubeconfig;

    /** A guarded client for {@code env}; {@code parallelism} requests may be in flight at once. */
    KubernetesClient connect(Workspace ws, Environment env) {
        Path file = kubeconfig != null ? kubeconfig : KubeconfigCommand.defaultFile(ws, env, PkiEntry.ADMIN);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": no kubeconfig (write one with 'slipway kubeconfig --env "
                    + env.name() + " -f " + ws.specFile().getFileName() + "', or name one with --kubeconfig)");
        }
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Config config;
        try {
            config = Config.fromKubeconfig(yaml);
        } catch (RuntimeException e) {
            throw new InvalidInputException(file + ": not a usable kubeconfig: " + e.getMessage());
        }
        // Retries are deploy's own (ApiRetry, with back-off it controls); fabric8's would multiply them.
        config.setRequestRetryBackoffLimit(0);
        config.setRequestTimeout(30_000);
        return KubernetesClients.forEnvironment(ws, env).connect(config);
    }
}
