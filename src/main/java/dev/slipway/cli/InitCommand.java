package dev.slipway.cli;

import dev.slipway.spec.InvalidInputException;
import dev.slipway.state.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway init}: scaffold a new platform repository. */
@Command(name = "init",
        mixinStandardHelpOptions = true,
        description = {
            "Create a new platform repository in DIR.",
            "Writes a commented platform.yaml with environments acc and prod (valid as written), a .gitignore that"
                    + " keeps state, keys and rendered output out of git, and a short README. The admin network is a"
                    + " marked placeholder and there is no SSH key yet: 'slipway validate' warns until you fill them"
                    + " in. Refuses a folder that is not empty unless --force. --name and --domain are checked with"
                    + " the same rules as 'slipway validate' before anything is written.",
        },
        footer = {
            "",
            "Examples:",
            "  slipway init my-platform --name yourcom --domain your.com",
            "  slipway init . --name acme --domain acme.io --region us-east-2 --force",
            "  slipway init my-platform --name yourcom --domain your.com --dry-run",
        })
public final class InitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Folder to create the repository in (created if"
            + " missing).")
    Path dir;

    @Option(names = "--name", required = true, paramLabel = "NAME",
            description = "Platform name: lowercase letters, digits and hyphens; prefixes buckets (NAME-infra).")
    String name;

    @Option(names = "--domain", required = true, paramLabel = "DOMAIN",
            description = "Base DNS domain, e.g. your.com; the API server of ENV answers at api.ENV.DOMAIN.")
    String domain;

    @Option(names = "--region", paramLabel = "REGION", defaultValue = "eu-west-1",
            description = "AWS region (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--force", description = "Write into a folder that is not empty, replacing these three files.")
    boolean force;

    @Mixin
    DryRunOption dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, String> files = new InitScaffold(name, domain, region).files();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + ": exists and is not a folder");
        }
        if (!force && !isEmpty(dir)) {
            throw new InvalidInputException(dir + ": folder is not empty (use --force to write into it; it"
                    + " replaces " + String.join(", ", files.keySet()) + ")");
        }
        PrintWriter out = spec.commandLine().getOut();
        // -q: what was asked for is the files; "wrote" and the next steps are talk.
        boolean quiet = Verbosity.of(spec.commandLine()).quiet();
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path target = dir.resolve(f.getKey());
            if (dryRun.enabled()) {
                out.printf("would write %s (%d bytes)%n", target,
                        f.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            } else {
                AtomicFiles.writeString(target, f.getValue(), false);
                if (!quiet) {
                    out.printf("wrote %s%n", target);
                }
            }
        }
        if (!dryRun.enabled() && !quiet) {
            out.printf("%nNext: cd %s && slipway validate && slipway plan --env acc%n", dir);
        }
        return ExitCodes.OK;
    }

    private static boolean isEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
