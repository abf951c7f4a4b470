package dev.slipway.apply.kubernetes;

/** {@code deploy} could not do what the plan says; the message names the object or component and why. */
public class DeployException extends RuntimeException {
    public DeployException(String message) {
        super(message);
    }

    public DeployException(String message, Throwable cause) {
        super(message, cause);
    }
}
