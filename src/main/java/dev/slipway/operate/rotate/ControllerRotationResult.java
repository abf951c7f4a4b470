package dev.slipway.operate.rotate;

import java.util.List;
import java.util.Optional;

/**
 * What a controller rotation did: the steps that ran to completion and, if it stopped early, why.
 *
 * @param done         steps completed, in order
 * @param abortReason  empty when every slot is on the current controller config
 */
public record ControllerRotationResult(List<RotationStep> done, Optional<String> abortReason) {
    public ControllerRotationResult {
        done = List.copyOf(done);
    }

    public boolean completed() {
        return abortReason.isEmpty();
    }

    /** 0 when complete; 1 when aborted or refused (a re-run continues from where it stopped). */
    public int exitCode() {
        return completed() ? 0 : 1;
    }
}
