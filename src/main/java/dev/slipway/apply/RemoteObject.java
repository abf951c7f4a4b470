package dev.slipway.apply;

/** An object already in the bucket, as a listing shows it: its key, size and ETag (quotes removed). */
public record RemoteObject(String key, long size, String etag) {
    /** A single-part, non-KMS upload's ETag is the content's MD5; multipart ETags end in {@code -N}. */
    public boolean etagIsMd5() {
        return etag != null && etag.matches("[0-9a-f]{32}");
    }
}
