package dev.slipway.state;

import java.util.List;
import java.util.Optional;

/**
 * Durable state of one environment that rendering cannot recompute (PKI, tokens, later: rotation progress).
 * Keys are relative paths with forward slashes ({@code pki/ca.crt}). The embedded default lives in
 * {@code .slipway/ENV/} beside the spec ({@link LocalStateStore}); an S3-backed store implements the same contract.
 *
 * <p>Contract: {@link #write} is atomic (a reader sees the old or the new bytes, never a mix); entries written with
 * {@code secret = true} are readable only by their owner (0600 locally, SSE in S3).
 */
public interface StateStore {

    /** Where this store lives, for messages ({@code .slipway/acc}, {@code s3://bucket/prefix}). */
    String location();

    Optional<byte[]> read(String key);

    void write(String key, byte[] content, boolean secret);

    /** Keys under {@code prefix} (a folder, e.g. {@code pki/}), sorted. */
    List<String> list(String prefix);

    void delete(String key);
}
