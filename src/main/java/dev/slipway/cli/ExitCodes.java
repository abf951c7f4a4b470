package dev.slipway.cli;

/** The process exit codes, the same for every command. */
public final class ExitCodes {
    /** Done, or nothing to do. */
    public static final int OK = 0;
    /** The operation failed (a cloud call, a tool, an expired certificate found by a check). */
    public static final int FAILURE = 1;
    /** Bad input: an invalid spec, an unknown option or environment, a missing file. Nothing was changed. */
    public static final int BAD_INPUT = 2;

    private ExitCodes() {
    }
}
