package dev.slipway.apply;

/**
 * The API server reached is not the environment's cluster: its certificate does not chain to the environment's CA.
 * Thrown before any request was sent.
 */
public class ClusterIdentityMismatchException extends RuntimeException {
    public ClusterIdentityMismatchException(String message) {
        super(message);
    }
}
