package dev.slipway.cli;

import dev.slipway.pki.ClusterPki;
import dev.slipway.pki.EnvironmentPki;
import dev.slipway.pki.KubeconfigEntry;
import dev.slipway.pki.KubeconfigFile;
import dev.slipway.pki.PkiEntry;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import dev.slipway.state.AtomicFiles;
import dev.slipway.state.StateStore;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway kubeconfig}: a kubeconfig for an environment, as its own file or merged into the user's. */
@Command(name = "kubeconfig",
        mixinStandardHelpOptions = true,
        description = {
            "Write a kubeconfig for the environment.",
            "Cluster, user and context are all named NAME-ENV, with the CA and the client certificate and key"
                    + " embedded. By default it goes into the state store, entry admin.conf, with a local copy at"
                    + " .slipway/ENV/admin.conf (mode 0600). With --merge it goes where kubectl looks: the first file"
                    + " of $KUBECONFIG, else kubectl's default file in your home folder (or --output-file). Only its"
                    + " own entries are added or replaced, all others are kept; when that changes the file, a copy named"
                    + " FILE.bak-TIMESTAMP is made first.",
            "The admin user is in group kubeadm:cluster-admins (bound to cluster-admin); --user super-admin is the"
                    + " break-glass system:masters credential (user NAME-ENV-super-admin).",
        },
        footer = {
            "",
            "Examples:",
            "  slipway kubeconfig --env acc",
            "  kubectl --kubeconfig .slipway/acc/admin.conf get nodes",
            "  slipway kubeconfig --env acc --merge",
            "  kubectl --context yourcom-acc get nodes",
            "  slipway kubeconfig --env prod --user super-admin \\",
            "      --output-file /secure/prod-break-glass.conf",
        })
public final class KubeconfigCommand implements Callable<Integer> {
    static final DateTimeFormatter BACKUP_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    @Mixin
    SpecOption specOption;
    @Mixin
    EnvOption envOption;
    @Mixin
    DryRunOption dryRun;
    @Spec
    CommandSpec spec;

    @Option(names = "--merge", description = "Add to (or update in) an existing kubeconfig instead of writing a"
            + " file of its own.")
    boolean merge;

    @Option(names = "--output-file", paramLabel = "FILE", description = "Where to write (with --merge: which"
            + " kubeconfig to merge into).")
    Path outputFile;

    @Option(names = "--user", paramLabel = "USER", defaultValue = "admin",
            description = "admin (default) or super-admin.")
    String user;

    @Option(names = "--server", paramLabel = "URL",
            description = "API server URL; by default the environment's own, https://api.ENV.DOMAIN:6443.")
    String server;

    @Override
    public Integer call() throws IOException {
        PkiEntry identity = switch (user) {
            case "admin" -> PkiEntry.ADMIN;
            case "super-admin" -> PkiEntry.SUPER_ADMIN;
            default -> throw new InvalidInputException("--user " + user + ": expected admin or super-admin");
        };
        Workspace ws = specOption.load();
        Environment env = ws.environment(envOption.name());
        String url = server == null ? env.apiServerUrl() : server;
        checkServer(url);
        Clock clock = Clock.systemUTC();
        StateStore store = ws.stateStore(env.name(), dryRun.enabled());
        StateStoreLine.print(spec.commandLine(), store.location());
        ClusterPki pki;
        try {
            pki = EnvironmentPki.withSystemClock(store).load();
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + ": " + Hints.command(ws, "certs --env " + env.name()), e);
        }
        KubeconfigEntry entry = KubeconfigEntry.of(env.clusterName(), url, pki, identity);
        // -q: the file is what was asked for; "wrote" and "use:" are talk (a dry run's "would write" is its result).
        PrintWriter out = Verbosity.of(spec.commandLine()).quiet() && !dryRun.enabled()
                ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
        String verb = dryRun.enabled() ? "would write" : "wrote";
        if (!merge && outputFile == null) {
            // The default file is state: it goes through the store (and so into its local cache).
            String key = identity.stem() + ".conf";
            if (!dryRun.enabled()) {
                store.write(key, KubeconfigFile.render(entry).getBytes(StandardCharsets.UTF_8), true);
            }
            Path local = ws.localStateDirectory(env.name()).resolve(key);
            out.printf("%s kubeconfig %s (user %s, server %s) to %s%n", verb, entry.contextName(), user, url, local);
            out.printf("use: kubectl --kubeconfig %s get nodes%n", local);
            return ExitCodes.OK;
        }
        Path target = merge ? Optional.ofNullable(outputFile).orElseGet(() -> userKubeconfig(
                SlipwayCommand.environment(spec.commandLine()))) : outputFile;
        if (merge) {
            Optional<String> existing = Files.isRegularFile(target)
                    ? Optional.of(Files.readString(target, StandardCharsets.UTF_8)) : Optional.empty();
            String merged;
            try {
                merged = KubeconfigFile.merge(existing, entry);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(target + ": " + e.getMessage() + "; nothing was changed");
            }
            if (existing.isPresent() && existing.get().equals(merged)) {
                out.printf("%s already holds context %s as it would be written: nothing changed%n", target,
                        entry.contextName());
                out.printf("use: kubectl --context %s get nodes%n", entry.contextName());
                return ExitCodes.OK;
            }
            if (existing.isPresent()) {
                Path backup = target.resolveSibling(target.getFileName() + ".bak-" + BACKUP_STAMP.format(
                        clock.instant()));
                if (!dryRun.enabled()) {
                    AtomicFiles.write(backup, Files.readAllBytes(target), true);
                }
                out.printf("%s backup %s%n", dryRun.enabled() ? "would write" : "wrote", backup);
            }
            if (!dryRun.enabled()) {
                AtomicFiles.writeString(target, merged, true);
            }
            out.printf("%s context %s (cluster %s, user %s, server %s) into %s%n", verb, entry.contextName(),
                    entry.clusterName(), entry.userName(), url, target);
            out.printf("use: kubectl --context %s get nodes%n", entry.contextName());
        } else {
            if (!dryRun.enabled()) {
                AtomicFiles.writeString(target, KubeconfigFile.render(entry), true);
            }
            out.printf("%s kubeconfig %s (user %s, server %s) to %s%n", verb, entry.contextName(), user, url,
                    target);
            out.printf("use: kubectl --kubeconfig %s get nodes%n", target);
        }
        return ExitCodes.OK;
    }

    private static void checkServer(String url) {
        try {
            URI u = URI.create(url);
            if (!"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new InvalidInputException("--server " + url + ": expected https://HOST[:PORT]");
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--server " + url + ": not a URL (expected https://HOST[:PORT])");
        }
    }

    /** Where {@code slipway kubeconfig} writes {@code identity}'s kubeconfig by default, and commands look for it. */
    static Path defaultFile(Workspace ws, Environment env, PkiEntry identity) {
        return ws.localStateDirectory(env.name()).resolve(identity.stem() + ".conf");
    }

    /**
     * kubectl's own rule: the first file of {@code $KUBECONFIG}, else {@code $HOME/.kube/config} ({@code HOME} of the
     * invocation, not the JVM's {@code user.home}, which can differ from it).
     */
    static Path userKubeconfig(java.util.Map<String, String> environment) {
        String env = environment.get("KUBECONFIG");
        if (env != null && !env.isBlank()) {
            for (String f : env.split(File.pathSeparator)) {
                if (!f.isBlank()) {
                    return Path.of(f);
                }
            }
        }
        String home = environment.get("HOME");
        if (home == null || home.isBlank()) {
            throw new InvalidInputException("neither KUBECONFIG nor HOME is set: name the file with --output-file"
                    + " (nothing was changed)");
        }
        return Path.of(home, ".kube", "config");
    }
}
