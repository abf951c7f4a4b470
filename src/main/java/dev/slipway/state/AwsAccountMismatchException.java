package dev.slipway.state;

import dev.slipway.spec.InvalidInputException;

/**
 * The AWS credentials resolve to another account than the one the environment is in (declared by its
 * {@code aws.role}, or recorded in its state store the first time). Thrown before any request that could change
 * something was sent; like the refusal of {@code infra init} to lock its caller out, it is the caller's input (their
 * credentials, their spec) that is wrong, so the command exits 2 with nothing changed.
 */
public final class AwsAccountMismatchException extends InvalidInputException {
    public AwsAccountMismatchException(String message) {
        super(message);
    }
}
