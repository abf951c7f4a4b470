package dev.slipway.apply;

import java.util.List;

/**
 * What a sync will do: objects to upload (new or changed), how many are unchanged, and objects to delete
 * ({@code --prune} only).
 *
 * @param prunable  what {@code --prune} would delete: objects Slipway uploaded that no kept generation needs (equal
 *                  to {@code deletes} when pruning)
 * @param listed    whether the bucket was listed (no current upload manifest) rather than read from the manifest
 * @param manifest  the upload manifest to write once the uploads are done
 * @param manifestStored whether the bucket already holds {@code manifest} byte for byte (then it is not written)
 * @param keptLater keys not uploaded because the bucket holds content there that expires no earlier (the bootstrap
 *                  token the controllers renewed)
 */
public record SyncPlan(String bucket, String prefix, List<LocalObject> uploads, int unchanged, List<String> deletes,
        List<String> prunable, boolean listed, UploadManifest manifest, boolean manifestStored,
        List<String> keptLater) {
    public SyncPlan {
        uploads = List.copyOf(uploads);
        deletes = List.copyOf(deletes);
        prunable = List.copyOf(prunable);
        keptLater = List.copyOf(keptLater);
    }

    public long uploadBytes() {
        return uploads.stream().mapToLong(LocalObject::size).sum();
    }

    public boolean isEmpty() {
        return uploads.isEmpty() && deletes.isEmpty();
    }
}
