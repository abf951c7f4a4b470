package dev.slipway.cli;

import dev.slipway.plan.Workspace;
import dev.slipway.spec.ShownPath;
import java.nio.file.Path;

/** Commands suggested in messages, written so they work when pasted where the user ran Slipway. */
final class Hints {
    private Hints() {
    }

    /** {@code slipway ARGS}, plus {@code -f SPEC} unless the spec is {@code platform.yaml} in the current folder. */
    static String command(Workspace ws, String args) {
        boolean defaultSpec = ws.specFile().equals(Path.of("platform.yaml").toAbsolutePath().normalize());
        return "slipway " + args + (defaultSpec ? "" : " -f " + ShownPath.of(ws.specFile()));
    }
}
