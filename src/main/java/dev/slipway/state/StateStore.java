package dev.slipway.state;

import java.util.List;
import java.util.Optional;

/**
 * Durable state of one environment that rendering cannot recompute (PKI, tokens, later: rotation progress).
 * Keys are relative paths with forward slashes ({@code pki/ca.crt}). The shared store lives in S3
 * ({@link S3StateStore}, under {@code s3://NAME-infra/ENV/state/} by default) with {@code .slipway/ENV/} beside the
 * spec as its cache ({@link CachedStateStore}); {@code stateStore: local} keeps it only there ({@link LocalStateStore}).
 *
 * <p>Contract: {@link #write} is atomic (a reader sees the old or the new bytes, never a mix); entries written with
 * {@code secret = true} are readable only by their owner (0600 locally, SSE in S3).
 */
public interface StateStore {

    /** Where this store lives, for messages ({@code .slipway/acc}, {@code s3://bucket/prefix}). */
    String location();

    Optional<byte[]> read(String key);

    void write(String key, byte[] content, boolean secret);

    /**
     * Writes {@code key} only if it does not exist yet, atomically: of two callers racing for the same key exactly
     * one gets {@code true}. What makes "one CA per environment" hold when two operators create it at once.
     */
    boolean create(String key, byte[] content, boolean secret);

    /** Re-reads the store, for a caller that waits for another operator's writes. */
    default void refresh() {
    }

    /** Keys under {@code prefix} (a folder, e.g. {@code pki/}), sorted. */
    List<String> list(String prefix);

    void delete(String key);
}
