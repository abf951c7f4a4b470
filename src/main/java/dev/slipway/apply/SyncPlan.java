package dev.slipway.apply;

import java.util.List;

/**
 * What a sync will do: objects to upload (new or changed), how many are unchanged, and objects to delete
 * ({@code --prune} only).
 */
public record SyncPlan(String bucket, String prefix, List<LocalObject> uploads, int unchanged, List<String> deletes) {
    public SyncPlan {
        uploads = List.copyOf(uploads);
        deletes = List.copyOf(deletes);
    }

    public long uploadBytes() {
        return uploads.stream().mapToLong(LocalObject::size).sum();
    }

    public boolean isEmpty() {
        return uploads.isEmpty() && deletes.isEmpty();
    }
}
