package dev.slipway.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A state store for {@code --dry-run}: reads see the real store, writes stay in memory and vanish with this object.
 * Lets a dry run compute with state it would create (a PKI, say) without creating it.
 */
public final class DryRunStateStore implements StateStore {
    private final StateStore base;
    private final Map<String, byte[]> written = new TreeMap<>();
    private final java.util.Set<String> deleted = new TreeSet<>();

    public DryRunStateStore(StateStore base) {
        this.base = base;
    }

    @Override
    public String location() {
        return base.location() + " (dry run: nothing written)";
    }

    @Override
    public Optional<byte[]> read(String key) {
        if (written.containsKey(key)) {
            return Optional.of(written.get(key).clone());
        }
        return deleted.contains(key) ? Optional.empty() : base.read(key);
    }

    @Override
    public void write(String key, byte[] content, boolean secret) {
        deleted.remove(key);
        written.put(key, content.clone());
    }

    @Override
    public boolean create(String key, byte[] content, boolean secret) {
        if (read(key).isPresent()) {
            return false;
        }
        write(key, content, secret);
        return true;
    }

    @Override
    public List<String> list(String prefix) {
        TreeSet<String> keys = new TreeSet<>(base.list(prefix));
        keys.removeAll(deleted);
        String folder = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        written.keySet().stream().filter(k -> k.startsWith(folder)).forEach(keys::add);
        return List.copyOf(keys);
    }

    @Override
    public void delete(String key) {
        written.remove(key);
        deleted.add(key);
    }
}
