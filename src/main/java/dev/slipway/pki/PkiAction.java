package dev.slipway.pki;

/**
 * What {@link EnvironmentPki} does (or would do) with one entry.
 *
 * @param entry  the certificate or key pair, or {@code null} for a piece of state that is neither
 * @param other  with no entry: which state ({@link #BOOTSTRAP_TOKEN} or {@link #ENCRYPTION_KEYS})
 * @param kind   create (missing), reissue (present but replaced), keep (unchanged)
 * @param reason why, for people ("missing", "issuer CA is new", "SANs lack api.acc.your.com", "rotation")
 */
public record PkiAction(PkiEntry entry, String other, Kind kind, String reason) {
    public enum Kind { CREATE, REISSUE, KEEP }

    public static final String BOOTSTRAP_TOKEN = "bootstrap-token";
    public static final String ENCRYPTION_KEYS = "secrets-encryption-keys";

    public PkiAction(PkiEntry entry, Kind kind, String reason) {
        this(entry, null, kind, reason);
    }

    static PkiAction of(String other, Kind kind, String reason) {
        return new PkiAction(null, other, kind, reason);
    }

    /** The state name shown to people: the entry's stem, {@code bootstrap-token} or {@code secrets-encryption-keys}. */
    public String name() {
        return entry == null ? other : entry.stem();
    }

    public boolean changes() {
        return kind != Kind.KEEP;
    }
}
