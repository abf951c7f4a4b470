package dev.slipway.pki;

import java.time.Instant;

/**
 * Expiry of one certificate as {@code slipway certs --check} reports it.
 *
 * @param notAfter null when the certificate is missing
 * @param daysLeft whole days until {@code notAfter} (negative once expired)
 */
public record CertificateStatus(PkiEntry entry, String subject, Instant notAfter, long daysLeft, Status status) {
    /** A certificate expiring within this many days is reported as {@link Status#EXPIRING}. */
    public static final int WARN_DAYS = 30;

    public enum Status { OK, EXPIRING, EXPIRED, MISSING }
}
