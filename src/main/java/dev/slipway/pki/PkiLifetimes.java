package dev.slipway.pki;

import java.time.Duration;

/**
 * How long newly issued certificates are valid. Existing certificates keep the lifetime they were issued with.
 *
 * @param authority certificate authorities (default 10 years)
 * @param leaf      every other certificate (default 1 year; {@code slipway certs --check} warns 30 days ahead)
 */
public record PkiLifetimes(Duration authority, Duration leaf) {
    /** Compile-time constants, so command-line defaults ({@code certs --ca-days}) can name them. */
    public static final long DEFAULT_AUTHORITY_DAYS = 3650;
    public static final long DEFAULT_LEAF_DAYS = 365;
    public static final Duration DEFAULT_AUTHORITY = Duration.ofDays(DEFAULT_AUTHORITY_DAYS);
    public static final Duration DEFAULT_LEAF = Duration.ofDays(DEFAULT_LEAF_DAYS);

    public PkiLifetimes {
        if (authority.isNegative() || authority.isZero() || leaf.isNegative() || leaf.isZero()) {
            throw new IllegalArgumentException("certificate lifetimes must be positive");
        }
    }

    public static PkiLifetimes defaults() {
        return new PkiLifetimes(DEFAULT_AUTHORITY, DEFAULT_LEAF);
    }

    public static PkiLifetimes ofDays(long authorityDays, long leafDays) {
        return new PkiLifetimes(Duration.ofDays(authorityDays), Duration.ofDays(leafDays));
    }

    public Duration of(PkiEntry entry) {
        return entry.isAuthority() ? authority : leaf;
    }
}
