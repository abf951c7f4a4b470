package dev.slipway.plan;

import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import dev.slipway.spec.Platform;
import dev.slipway.spec.ShownPath;
import dev.slipway.spec.SpecReader;
import dev.slipway.state.AwsSettings;
import dev.slipway.state.CachedStateStore;
import dev.slipway.state.EnvironmentAccount;
import dev.slipway.state.LocalStateStore;
import dev.slipway.state.S3Clients;
import dev.slipway.state.S3StateStore;
import dev.slipway.state.StateStore;
import dev.slipway.state.StateStoreLocation;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A spec file and the folders beside it: {@code build/ENV/} for rendered output and {@code .slipway/ENV/} for state.
 * Every command resolves paths through this, so commands work from any current folder.
 */
public record Workspace(Path specFile, Platform platform) {

    public Workspace {
        specFile = specFile.toAbsolutePath().normalize();
    }

    /** Reads and validates the spec at {@code specFile}. */
    public static Workspace load(Path specFile) {
        Path abs = specFile.toAbsolutePath().normalize();
        String shown = ShownPath.of(specFile);
        if (Files.isDirectory(abs)) {
            Path inside = abs.resolve("platform.yaml");
            throw new InvalidInputException(shown + " is a folder; -f names the spec file itself"
                    + (Files.isRegularFile(inside) ? ": -f " + ShownPath.of(inside)
                            : " (e.g. -f " + ShownPath.of(inside) + ")"));
        }
        if (!Files.isRegularFile(abs)) {
            throw new InvalidInputException(shown + ": no such spec file (create one with 'slipway init DIR"
                    + " --name NAME --domain DOMAIN', or name one with -f)");
        }
        String name = abs.getFileName().toString();
        if (!name.endsWith(".yaml") && !name.endsWith(".yml")) {
            // Not even read: a file that is no spec (a key, /etc/passwd) must not be echoed into a terminal or log.
            throw new InvalidInputException(shown + " is not a platform spec: a spec is a YAML file such as"
                    + " platform.yaml");
        }
        return new Workspace(abs, SpecReader.read(abs, shown));
    }

    public Path directory() {
        return specFile.getParent();
    }

    /** The environment named {@code name}, or a bad-input error listing the ones the spec has. */
    public Environment environment(String name) {
        return platform.environment(name).orElseThrow(() -> new InvalidInputException(
                ShownPath.of(specFile) + ": no environment named '" + name + "' (the spec has: "
                        + String.join(", ", platform.environmentNames()) + ")"));
    }

    /** Where {@code slipway plan} writes the rendered tree of {@code env}. */
    public Path buildDirectory(String env) {
        return directory().resolve("build").resolve(env);
    }

    /**
     * The state store of {@code env} as the spec configures it ({@code stateStore:}): by default the shared store in
     * {@code s3://NAME-infra/ENV/state/} with {@code .slipway/ENV/} as its cache; with {@code stateStore: local} only
     * {@code .slipway/ENV/}. Opening a shared store reads it, so an unreachable one fails here, before anything is
     * created.
     */
    public StateStore stateStore(String env) {
        return stateStore(env, false);
    }

    /** As {@link #stateStore(String)}; {@code readOnly} (dry runs) also leaves the local cache untouched. */
    public StateStore stateStore(String env, boolean readOnly) {
        Environment environment = environment(env);
        LocalStateStore local = LocalStateStore.forSpec(specFile, environment.name());
        StateStoreLocation location = stateStoreLocation(environment);
        if (location.isLocal()) {
            return local;
        }
        AwsSettings aws = AwsSettings.resolve(environment);
        var s3 = S3Clients.create(aws, 4);
        S3StateStore shared = new S3StateStore(s3, location.bucket().orElseThrow(),
                location.prefixFor(environment.statePrefix()));
        // Before the store is opened (opening may upload a cache): the account the store belongs to. Recorded after
        // it, so that an empty store still takes a cache made before it existed.
        String account = EnvironmentAccount.check(shared, aws.credentials(), environment.name());
        CachedStateStore store = CachedStateStore.open(shared, local, readOnly, "AWS account " + account
                + aws.credentials().role().map(r -> ", role " + r.arn()).orElse(""));
        if (!readOnly) {
            EnvironmentAccount.record(store, account);
        }
        return store;
    }

    /** Where the spec keeps state: its {@code stateStore} setting, read. */
    public StateStoreLocation stateStoreLocation() {
        return StateStoreLocation.parse(platform.stateStore());
    }

    /**
     * Where {@code env} keeps its state: the spec's {@code stateStore}, except that an environment with an
     * {@code aws.role} keeps it in its own infra bucket when the spec names the default store (its account cannot
     * hold the shared {@code NAME-infra}).
     */
    public StateStoreLocation stateStoreLocation(Environment env) {
        if (env.aws().role() != null && platform.stateStore().equals(Platform.defaultStateStore(platform.name()))) {
            return StateStoreLocation.parse("s3://" + env.infraBucket());
        }
        return stateStoreLocation();
    }

    /** The local state folder of {@code env} (the cache of a shared store): {@code .slipway/ENV/} beside the spec. */
    public java.nio.file.Path localStateDirectory(String env) {
        return LocalStateStore.forSpec(specFile, env).root();
    }
}
