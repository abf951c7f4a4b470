package dev.slipway.cli;

/** Lets tests outside {@code cli} ask which exit code the CLI gives an exception. */
public final class ExitCodesProbe {
    private ExitCodesProbe() {
    }

    public static int exitCodeOf(Throwable e) {
        return Slipway.exitCode(e);
    }
}
