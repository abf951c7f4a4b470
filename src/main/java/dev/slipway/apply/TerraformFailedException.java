package dev.slipway.apply;

/** terraform (or tofu) ran and failed; its own output, already streamed, says why. The CLI exits 1. */
public final class TerraformFailedException extends RuntimeException {
    public TerraformFailedException(String message) {
        super(message);
    }
}
