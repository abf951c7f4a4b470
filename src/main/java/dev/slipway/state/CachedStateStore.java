package dev.slipway.state;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The shared store ({@link S3StateStore}) with {@code .slipway/ENV/} as its local cache. The shared store is the
 * truth: it is read whole when opened, reads are served from that snapshot, writes go to the shared store first and
 * then to the cache. The cache is refreshed from the store, never the other way round, with one exception that
 * loses nothing: a store that is empty while the cache holds state (state made before the store existed) is seeded
 * from the cache, entry by entry with create-if-absent.
 *
 * <p>When the cache holds a cluster CA that differs from the store's, the store is not used at all: one of the two
 * was replaced behind Slipway's back, and only a person can tell which is right.
 *
 * <p>Opened {@code readOnly} (for {@code --dry-run}) it writes nothing anywhere, cache included; writes fail.
 */
public final class CachedStateStore implements StateStore {
    /** The entry whose difference between cache and store stops everything. */
    static final String CA_CERTIFICATE = "pki/ca.crt";

    private final S3StateStore shared;
    private final LocalStateStore cache;
    private final boolean readOnly;
    private Map<String, S3StateStore.Entry> snapshot;
    private int seeded;

    private final String account;

    private CachedStateStore(S3StateStore shared, LocalStateStore cache, boolean readOnly, String account) {
        this.shared = shared;
        this.cache = cache;
        this.readOnly = readOnly;
        this.account = account;
    }

    /** Reads the shared store, checks it against the cache, and (unless {@code readOnly}) brings the cache up to date. */
    public static CachedStateStore open(S3StateStore shared, LocalStateStore cache, boolean readOnly) {
        return open(shared, cache, readOnly, null);
    }

    /** The same, {@code account} (the AWS account and role it was reached as) shown in {@link #location()}. */
    public static CachedStateStore open(S3StateStore shared, LocalStateStore cache, boolean readOnly, String account) {
        CachedStateStore store = new CachedStateStore(shared, cache, readOnly, account);
        store.load();
        return store;
    }


    private void load() {
        Map<String, S3StateStore.Entry> remote = new TreeMap<>(shared.readAll());
        Optional<byte[]> cachedCa = cache.read(CA_CERTIFICATE);
        S3StateStore.Entry remoteCa = remote.get(CA_CERTIFICATE);
        if (cachedCa.isPresent() && remoteCa != null && !Arrays.equals(cachedCa.get(), remoteCa.content())) {
            throw new StateConflictException("the cluster CA in " + shared.location() + " differs from the one in"
                    + " the cache " + cache.location() + "; nothing was changed. If the store is right (a colleague"
                    + " rotated it), move " + cache.location() + " aside and run again. If the cache is right (the"
                    + " store's CA was overwritten), restore the previous version of " + CA_CERTIFICATE + " and its"
                    + " key in the versioned bucket (aws s3api list-object-versions), then run again.");
        }
        if (remote.isEmpty()) {
            List<String> cached = cache.list("");
            if (!cached.isEmpty()) {
                for (String key : cached) {
                    byte[] content = cache.read(key).orElseThrow();
                    // The cache's private entries are 0600; certificates and public keys are not.
                    boolean secret = key.endsWith(".key") || key.endsWith("token") || key.endsWith(".conf");
                    if (!readOnly && shared.create(key, content, secret)) {
                        seeded++;
                    }
                    remote.put(key, new S3StateStore.Entry(content, secret));
                }
            }
        }
        snapshot = remote;
        if (!readOnly) {
            for (var e : remote.entrySet()) {
                Optional<byte[]> local = cache.read(e.getKey());
                if (local.isEmpty() || !Arrays.equals(local.get(), e.getValue().content())) {
                    cache.write(e.getKey(), e.getValue().content(), e.getValue().secret());
                }
            }
        }
    }

    /** How many entries of the cache were uploaded to an empty store when it was opened. */
    public int seededFromCache() {
        return seeded;
    }

    @Override
    public String location() {
        return shared.location() + " (cache " + cache.location() + (account == null ? "" : ", " + account) + ")";
    }

    @Override
    public Optional<byte[]> read(String key) {
        return Optional.ofNullable(snapshot.get(key)).map(e -> e.content().clone());
    }

    @Override
    public void write(String key, byte[] content, boolean secret) {
        requireWritable(key);
        shared.write(key, content, secret);
        snapshot.put(key, new S3StateStore.Entry(content.clone(), secret));
        cache.write(key, content, secret);
    }

    @Override
    public boolean create(String key, byte[] content, boolean secret) {
        requireWritable(key);
        if (!shared.create(key, content, secret)) {
            return false;
        }
        snapshot.put(key, new S3StateStore.Entry(content.clone(), secret));
        cache.write(key, content, secret);
        return true;
    }

    @Override
    public void refresh() {
        load();
    }

    @Override
    public List<String> list(String prefix) {
        String folder = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        return snapshot.keySet().stream().filter(k -> k.startsWith(folder)).sorted().toList();
    }

    @Override
    public void delete(String key) {
        requireWritable(key);
        shared.delete(key);
        snapshot.remove(key);
        cache.delete(key);
    }

    private void requireWritable(String key) {
        if (readOnly) {
            throw new IllegalStateException("state store opened read-only (dry run): refusing to write " + key);
        }
    }
}
