package dev.slipway.operate.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What an upgrade recorded in the state store ({@value #KEY}), beside rotate's own {@code rotate/controllers.json}:
 * the target and the etcd snapshot taken for it, so a resumed upgrade to the same target does not take a second
 * snapshot of a cluster it has already begun to change. The other steps need no record: each checks its own effect
 * (Terraform's plan, the sync plan, etcd's members and rotate's record, the groups' template versions, the deploy
 * plan, the versions the cluster reports).
 */
public final class UpgradeProgress {
    public static final String KEY = "upgrade/progress.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final StateStore store;
    private final KubernetesRelease target;

    public UpgradeProgress(StateStore store, KubernetesRelease target) {
        this.store = store;
        this.target = target;
    }

    /** The snapshot taken for this target, if one was. */
    public Optional<String> snapshot() {
        Optional<byte[]> raw = store.read(KEY);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(raw.get());
            return target.toString().equals(root.path("target").asText()) && root.path("snapshot").isTextual()
                    ? Optional.of(root.path("snapshot").asText()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(store.location() + "/" + KEY + " is not JSON", e);
        }
    }

    void snapshotTaken(String uri) {
        try {
            store.write(KEY, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.createObjectNode()
                    .put("target", target.toString()).put("snapshot", uri)).getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
