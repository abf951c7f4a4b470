package dev.slipway.apply.aws;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Writes one S3 object of unknown size as it is produced, holding one part in memory: parts of {@code partBytes}
 * go up as a multipart upload while the stream is written; the object appears only on {@link #complete()}. Closed
 * without {@link #complete()} (the producer failed, or what it produced did not check out) it aborts the upload, so
 * no object and no stray parts are left. An object smaller than one part is one plain PUT at {@link #complete()}.
 * Server-side encrypted (SSE-S3), like everything Slipway keeps in the infra bucket.
 *
 * <p>Why not a local temporary file: what goes through here (an etcd snapshot) holds every Secret of a cluster, and
 * should not lie on the operator's disk even for a while.
 */
public final class S3UploadStream extends OutputStream {
    /** S3's smallest part but the last is 5 MiB; 16 MiB parts reach 160 GiB within S3's 10,000 parts. */
    public static final int DEFAULT_PART_BYTES = 16 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final byte[] part;
    private int filled;
    private String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();
    private long written;
    private boolean completed;
    private boolean closed;

    public S3UploadStream(S3Client s3, String bucket, String key) {
        this(s3, bucket, key, DEFAULT_PART_BYTES);
    }

    /** {@code partBytes}: at least 5 MiB, S3's minimum for every part but the last. */
    public S3UploadStream(S3Client s3, String bucket, String key, int partBytes) {
        if (partBytes < 5 * 1024 * 1024) {
            throw new IllegalArgumentException("S3 parts are at least 5 MiB: " + partBytes);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.part = new byte[partBytes];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("s3://" + bucket + "/" + key + ": the upload is closed");
        }
        while (len > 0) {
            int n = Math.min(len, part.length - filled);
            System.arraycopy(b, off, part, filled, n);
            filled += n;
            off += n;
            len -= n;
            written += n;
            if (filled == part.length) {
                uploadPart();
            }
        }
    }

    /** Bytes written so far. */
    public long written() {
        return written;
    }

    /** Makes the object: everything written, and nothing if this is never called. */
    public void complete() throws IOException {
        if (closed) {
            throw new IOException("s3://" + bucket + "/" + key + ": the upload is closed");
        }
        try {
            if (uploadId == null) {
                s3.putObject(r -> r.bucket(bucket).key(key).serverSideEncryption(ServerSideEncryption.AES256),
                        RequestBody.fromBytes(Arrays.copyOf(part, filled)));
            } else {
                if (filled > 0) {
                    uploadPart();
                }
                s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(u -> u.parts(parts)));
            }
        } catch (SdkException e) {
            throw new IOException("cannot write s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
        completed = true;
        closed = true;
    }

    /** Aborts the upload unless it was {@link #complete() completed}. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (!completed && uploadId != null) {
            try {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException e) {
                throw new IOException("cannot abort the upload to s3://" + bucket + "/" + key + " (its parts stay"
                        + " until the bucket's lifecycle or an abort removes them): " + e.getMessage(), e);
            }
        }
    }

    private void uploadPart() throws IOException {
        try {
            if (uploadId == null) {
                uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)
                        .serverSideEncryption(ServerSideEncryption.AES256)).uploadId();
            }
            int number = parts.size() + 1;
            String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                    RequestBody.fromBytes(Arrays.copyOf(part, filled))).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            filled = 0;
        } catch (SdkException e) {
            throw new IOException("cannot upload part " + (parts.size() + 1) + " of s3://" + bucket + "/" + key
                    + ": " + e.getMessage(), e);
        }
    }
}
