package dev.slipway.cli;

import dev.slipway.apply.KubernetesClients;
import dev.slipway.pki.PkiEntry;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
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
            description = "Kubeconfig to use (default: the one 'slipway kubeconfig' wrote,"
                    + " .slipway/ENV/admin.conf).")
    Path kubeconfig;

    /**
     * The kubeconfig of {@code env} (the {@code --kubeconfig} file, else the one {@code slipway kubeconfig} wrote),
     * parsed; a missing or unreadable file is bad input naming how to write one.
     */
    Config config(Workspace ws, Environment env) {
        Path file = kubeconfig != null ? kubeconfig : KubeconfigCommand.defaultFile(ws, env, PkiEntry.ADMIN);
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read kubeconfig " + file + ": "
                    + (Files.exists(file) ? e.getMessage() : "no such file") + " (write one with 'slipway kubeconfig"
                    + " --env " + env.name() + " -f " + ws.specFile().getFileName() + "', or name one with"
                    + " --kubeconfig)");
        }
        try {
            return Config.fromKubeconfig(yaml);
        } catch (RuntimeException e) {
            throw new InvalidInputException(file + ": not a usable kubeconfig: " + e.getMessage());
        }
    }

    /**
     * A guarded client for {@code env} for commands that retry on their own (deploy, status): fabric8's retries
     * would multiply theirs.
     */
    KubernetesClient connect(Workspace ws, Environment env) {
        Config config = config(ws, env);
        config.setRequestRetryBackoffLimit(0);
        config.setRequestTimeout(30_000);
        return KubernetesClients.forEnvironment(ws, env).connect(config);
    }
}
