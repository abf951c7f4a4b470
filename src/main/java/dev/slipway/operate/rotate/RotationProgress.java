package dev.slipway.operate.rotate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which slots have been replaced with which controller config, kept in the state store ({@value #KEY}), so that a
 * re-run after completion has nothing to do and a re-run after an abort or a {@code kill -9} continues where it
 * stopped. {@code generation} names the controller config (the digest of the rendered pointer config that the
 * instances boot from): a new config starts a new rotation. {@code added} remembers the member ID this run added per
 * slot, so a slot whose replacement came up just before the run was killed is recognised as done. {@code snapshot}
 * names the etcd snapshot taken before this generation's first member change ({@code s3://...}), so a resumed run
 * does not take another one of a cluster it has already changed.
 */
public final class RotationProgress {
    public static final String KEY = "rotate/controllers.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StateStore store;
    private final String generation;
    private final TreeSet<String> done = new TreeSet<>();
    private final Map<String, String> added = new TreeMap<>();
    private String snapshot;

    private RotationProgress(StateStore store, String generation) {
        this.store = store;
        this.generation = generation;
    }

    /** The progress towards {@code generation}; an earlier generation's record counts for nothing. */
    public static RotationProgress load(StateStore store, String generation) {
        RotationProgress p = new RotationProgress(store, generation);
        Optional<byte[]> raw = store.read(KEY);
        if (raw.isPresent()) {
            try {
                JsonNode root = JSON.readTree(raw.get());
                if (generation.equals(root.path("generation").asText())) {
                    root.path("done").forEach(n -> p.done.add(n.asText()));
                    root.path("added").fields().forEachRemaining(e -> p.added.put(e.getKey(), e.getValue().asText()));
                    if (root.path("snapshot").isTextual()) {
                        p.snapshot = root.path("snapshot").asText();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(store.location() + "/" + KEY + " is not JSON", e);
            }
        }
        return p;
    }

    /** The generation a controller config file names: the SHA-256 of its bytes, in hex. */
    public static String generationOf(Path controllerConfig) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(controllerConfig)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + controllerConfig + " (run slipway plan first)", e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isDone(ControllerSlot slot) {
        return done.contains(slot.name());
    }

    /** The member ID this rotation added for {@code slot}, if it did. */
    public Optional<String> addedMember(ControllerSlot slot) {
        return Optional.ofNullable(added.get(slot.name()));
    }

    /** Where the snapshot taken before this generation's first member change is, if one was taken. */
    public Optional<String> snapshot() {
        return Optional.ofNullable(snapshot);
    }

    void snapshotTaken(String uri) {
        snapshot = uri;
        save();
    }

    void memberAdded(ControllerSlot slot, String memberId) {
        added.put(slot.name(), memberId);
        save();
    }

    void slotDone(ControllerSlot slot) {
        done.add(slot.name());
        added.remove(slot.name());
        save();
    }

    private void save() {
        ObjectNode root = JSON.createObjectNode().put("generation", generation);
        if (snapshot != null) {
            root.put("snapshot", snapshot);
        }
        done.forEach(root.putArray("done")::add);
        ObjectNode a = root.putObject("added");
        added.forEach(a::put);
        try {
            store.write(KEY, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root)
                    .getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
