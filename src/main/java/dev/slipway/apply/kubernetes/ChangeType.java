package dev.slipway.apply.kubernetes;

/** What {@code deploy} does (or would do) to one object. */
public enum ChangeType {
    /** Not in the cluster yet. */
    CREATE("create", "created"),
    /** In the cluster, and applying the rendered object changes fields. */
    UPDATE("change", "changed"),
    /** In the cluster exactly as rendered: no request is sent. */
    UNCHANGED("unchanged", "unchanged"),
    /** Slipway put it there before and no longer renders it; deleted with {@code --prune}. */
    PRUNE("prune", "pruned"),
    /** Another field manager owns fields Slipway sets; not applied unless {@code --force-conflicts}. */
    CONFLICT("conflict", "conflict");

    private final String verb;
    private final String past;

    ChangeType(String verb, String past) {
        this.verb = verb;
        this.past = past;
    }

    public String verb() {
        return verb;
    }

    public String past() {
        return past;
    }

    /** Whether applying this change writes to the cluster. */
    public boolean writes() {
        return this == CREATE || this == UPDATE || this == PRUNE;
    }
}
