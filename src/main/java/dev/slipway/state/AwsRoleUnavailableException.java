package dev.slipway.state;

/**
 * STS refused the environment's {@code aws.role} (the role is missing, does not trust the caller, or wants another
 * external id). The command stops with exit 1 before any other AWS request of the environment; the message names the
 * role and STS's reason, never a credential.
 */
public final class AwsRoleUnavailableException extends RuntimeException {
    public AwsRoleUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
