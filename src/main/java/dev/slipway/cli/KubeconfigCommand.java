package dev.slipway.cli;

import dev.slipway.pki.CertificateIssuer;
import dev.slipway.pki.ClusterPki;
import dev.slipway.pki.EnvironmentPki;
import dev.slipway.pki.KubeconfigEntry;
import dev.slipway.pki.KubeconfigFile;
import dev.slipway.pki.PkiEntry;
import dev.slipway.pki.PkiLifetimes;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import dev.slipway.state.AtomicFiles;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
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
                    + " embedded. By default it goes to .slipway/ENV/admin.conf (mode 0600). With --merge it goes"
                    + " into ~/.kube/config (or the first file of $KUBECONFIG, or --output-file): only its own entries"
                    + " are added or replaced, all others are kept, and the file is backed up first"
                    + " (FILE.bak-TIMESTAMP).",
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
        String url = server == null ? "https://" + env.apiHostname() + ":6443" : server;
        checkServer(url);
        Clock clock = Clock.systemUTC();
        ClusterPki pki;
        try {
            pki = new EnvironmentPki(ws.stateStore(env.name()), new CertificateIssuer(clock,
                    new SecureRandom()), PkiLifetimes.defaults()).load();
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + ": " + Hints.command(ws, "certs --env " + env.name()), e);
        }
        KubeconfigEntry entry = KubeconfigEntry.of(env.clusterName(), url, pki, identity);
        PrintWriter out = spec.commandLine().getOut();
        Path target = merge ? Optional.ofNullable(outputFile).orElseGet(KubeconfigCommand::userKubeconfig)
                : Optional.ofNullable(outputFile).orElseGet(() -> ws.directory().resolve(".slipway")
                        .resolve(env.name()).resolve(identity.stem() + ".conf"));
        String verb = dryRun.enabled() ? "would write" : "wrote";
        if (merge) {
            Optional<String> existing = Files.isRegularFile(target)
                    ? Optional.of(Files.readString(target, StandardCharsets.UTF_8)) : Optional.empty();
            String merged;
            try {
                merged = KubeconfigFile.merge(existing, entry);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(target + ": " + e.getMessage() + "; nothing was changed");
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

    /** kubectl's own rule: the first file of $KUBECONFIG, else ~/.kube/config. */
    static Path userKubeconfig() {
        String env = System.getenv("KUBECONFIG");
        if (env != null && !env.isBlank()) {
            for (String f : env.split(File.pathSeparator)) {
                if (!f.isBlank()) {
                    return Path.of(f);
                }
            }
        }
        return Path.of(System.getProperty("user.home"), ".kube", "config");
    }
}
