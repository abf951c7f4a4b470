package dev.slipway.apply;

import dev.slipway.pki.BootstrapTokens;
import dev.slipway.render.ignition.BootstrapTokenRenewal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The expiry of the bootstrap token a render put at each role's fixed key, as the state store records it, so that
 * {@code sync} never replaces a token the controllers renewed (which expires later) with the state store's older one.
 * The state store is read only when a token key is about to be uploaded.
 */
public final class BootstrapTokenUploads implements S3Sync.Expiries {
    private final Set<String> keys;
    private final Supplier<BootstrapTokens> tokens;
    private BootstrapTokens loaded;
    private boolean read;

    /**
     * @param keys   the full keys of the fixed token objects ({@link BootstrapTokenRenewal#keys})
     * @param tokens the tokens the state store records (current and previous)
     */
    public BootstrapTokenUploads(java.util.Collection<String> keys, Supplier<BootstrapTokens> tokens) {
        this.keys = Set.copyOf(keys);
        this.tokens = tokens;
    }

    /**
     * For {@code env}'s state store. {@code dryRun}: a dry run may render with a PKI that does not exist yet (it would
     * be created); then no token has a known expiry and the token keys plan as plain uploads.
     */
    public static BootstrapTokenUploads of(dev.slipway.plan.Workspace ws, dev.slipway.spec.Environment env,
            boolean dryRun) {
        return new BootstrapTokenUploads(BootstrapTokenRenewal.keys(env), () -> {
            try {
                return dev.slipway.pki.EnvironmentPki.withSystemClock(ws.stateStore(env.name(), dryRun)).load()
                        .bootstrapTokens();
            } catch (RuntimeException e) {
                if (dryRun) {
                    return null;
                }
                throw e;
            }
        });
    }

    @Override
    public synchronized Optional<Instant> of(LocalObject local) {
        if (!keys.contains(local.key())) {
            return Optional.empty();
        }
        if (!read) {
            loaded = tokens.get();
            read = true;
        }
        if (loaded == null) {
            return Optional.empty();
        }
        String token;
        try {
            token = Files.readString(local.file(), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return loaded.all().stream().filter(t -> t.token().equals(token)).findFirst().flatMap(t -> t.expires());
    }
}
