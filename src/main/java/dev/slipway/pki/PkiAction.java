package dev.slipway.pki;

/**
 * What {@link EnvironmentPki} does (or would do) with one entry.
 *
 * @param entry  the entry, or {@code null} for the bootstrap token
 * @param kind   create (missing), reissue (present but replaced), keep (unchanged)
 * @param reason why, for people ("missing", "issuer CA is new", "SANs lack api.acc.your.com", "rotation")
 */
public record PkiAction(PkiEntry entry, Kind kind, String reason) {
    public enum Kind { CREATE, REISSUE, KEEP }

    /** The state name shown to people: the entry's stem, or {@code bootstrap-token}. */
    public String name() {
        return entry == null ? EnvironmentPki.BOOTSTRAP_TOKEN_KEY.substring(PkiEntry.STATE_PREFIX.length())
                : entry.stem();
    }

    public boolean changes() {
        return kind != Kind.KEEP;
    }
}
