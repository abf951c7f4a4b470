package dev.slipway.apply;

/** A sync failed on the S3 side; the message names the bucket/key and what S3 said, never file contents. */
public class S3SyncException extends RuntimeException {
    public S3SyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
