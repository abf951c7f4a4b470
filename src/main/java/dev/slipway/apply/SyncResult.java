package dev.slipway.apply;

/** What a sync did. */
public record SyncResult(String bucket, String prefix, int uploaded, long uploadedBytes, int unchanged, int deleted,
        boolean dryRun) {
}
