package dev.slipway.operate.deploy;

import dev.slipway.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A state store that answers reads of a few entries with a fixed, non-secret placeholder and passes everything else
 * through. {@code deploy} plans with it when an entry exists only after approval (the backup job's access key, which
 * IAM creates): the plan then shows the Secret holding it as created or changed, without AWS having been touched.
 * Writes go to the real store, so values generated while planning (the Mongo keyfile) are kept as usual.
 */
final class PendingValues implements StateStore {
    static final String PLACEHOLDER = "(created on apply)";
    private final StateStore base;
    private final Set<String> pending;

    PendingValues(StateStore base, Set<String> pending) {
        this.base = base;
        this.pending = Set.copyOf(pending);
    }

    @Override
    public String location() {
        return base.location();
    }

    @Override
    public Optional<byte[]> read(String key) {
        return pending.contains(key) ? Optional.of(PLACEHOLDER.getBytes(StandardCharsets.UTF_8)) : base.read(key);
    }

    @Override
    public void write(String key, byte[] content, boolean secret) {
        base.write(key, content, secret);
    }

    @Override
    public boolean create(String key, byte[] content, boolean secret) {
        return base.create(key, content, secret);
    }

    @Override
    public void refresh() {
        base.refresh();
    }

    @Override
    public List<String> list(String prefix) {
        return base.list(prefix);
    }

    @Override
    public void delete(String key) {
        base.delete(key);
    }
}
