package dev.slipway.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What Slipway itself uploaded under an environment's prefix, kept as one object beside them
 * ({@code PREFIX.slipway-uploads.json}). It is how {@code sync --prune} knows what is its own (it deletes nothing
 * else: not Terraform's state or lock, not the state store, not a colleague's object), and how a re-sync can skip
 * listing every key (the manifest already says what is there, verified by a few HEADs).
 *
 * <p>Keep rule ({@link #KEEP_GENERATIONS}): every sync that changes the set of rendered keys starts a generation;
 * prune keeps every object of the newest {@value #KEEP_GENERATIONS} generations, so a launch template or instance
 * booting from a pointer rendered by one of the last syncs still finds the content-addressed config it pins and
 * everything that config pins.
 *
 * @param objects        every object Slipway uploaded (or found identical) and has not deleted, by key
 * @param generations    the key sets of the last syncs, newest first
 * @param pendingDeletes keys a prune decided to delete; listed until a later prune has deleted them for sure
 */
public record UploadManifest(int format, Map<String, Entry> objects, List<List<String>> generations,
        List<String> pendingDeletes) {
    public static final String NAME = ".slipway-uploads.json";
    public static final int KEEP_GENERATIONS = 3;
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** One uploaded object: what a listing or HEAD would show of it. */
    public record Entry(long size, String md5, String sha256) {
    }

    public UploadManifest {
        objects = new TreeMap<>(objects);
        generations = generations.stream().map(List::copyOf).toList();
        pendingDeletes = List.copyOf(pendingDeletes);
    }

    public static UploadManifest empty() {
        return new UploadManifest(FORMAT, Map.of(), List.of(), List.of());
    }

    static String key(String prefix) {
        return prefix + NAME;
    }

    /** Objects this manifest says are Slipway's and that neither {@code current} nor a kept generation needs. */
    List<String> prunable(Set<String> current) {
        Set<String> keep = new HashSet<>(current);
        generations.stream().filter(g -> !current.equals(new HashSet<>(g))).limit(KEEP_GENERATIONS - 1L)
                .forEach(keep::addAll);
        Set<String> candidates = new java.util.TreeSet<>(objects.keySet());
        candidates.addAll(pendingDeletes);
        candidates.removeAll(keep);
        return List.copyOf(candidates);
    }

    /**
     * The manifest after a sync of {@code local} that deletes {@code deletes}: every local object recorded, the
     * deleted ones gone (but listed as pending until the next prune), {@code local}'s keys the newest generation.
     */
    UploadManifest next(List<LocalObject> local, List<String> deletes) {
        Map<String, Entry> objs = new TreeMap<>(objects);
        deletes.forEach(objs::remove);
        local.forEach(o -> objs.put(o.key(), new Entry(o.size(), o.md5(), o.sha256())));
        List<String> keys = local.stream().map(LocalObject::key).sorted().toList();
        List<List<String>> gens = new ArrayList<>();
        gens.add(keys);
        generations.stream().filter(g -> !g.equals(keys)).limit(KEEP_GENERATIONS - 1L)
                .map(g -> g.stream().filter(k -> !deletes.contains(k)).toList()).forEach(gens::add);
        Set<String> pending = new java.util.TreeSet<>(deletes);
        pendingDeletes.stream().filter(k -> !keys.contains(k)).forEach(pending::add);
        return new UploadManifest(FORMAT, objs, gens, List.copyOf(pending));
    }

    /** This manifest without a record of {@code keys} (objects the bucket holds that Slipway did not upload). */
    UploadManifest forget(java.util.Collection<String> keys) {
        Map<String, Entry> objs = new TreeMap<>(objects);
        keys.forEach(objs::remove);
        return new UploadManifest(format, objs, generations, pendingDeletes);
    }

    /** This manifest once its pending deletes are done. */
    UploadManifest withoutPendingDeletes() {
        return new UploadManifest(format, objects, generations, List.of());
    }

    byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The manifest in {@code bytes}, or empty when it is not one this version understands. */
    static Optional<UploadManifest> parse(byte[] bytes) {
        try {
            UploadManifest m = JSON.readValue(new String(bytes, StandardCharsets.UTF_8), UploadManifest.class);
            return m.format() == FORMAT && m.objects() != null ? Optional.of(m) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
