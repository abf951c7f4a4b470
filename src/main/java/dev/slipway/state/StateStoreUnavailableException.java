package dev.slipway.state;

/**
 * The shared state store could not be read or written (no network, no credentials, no bucket). Commands stop with
 * exit 1 before anything is created: acting on a store that cannot be seen is how a second CA would be born.
 */
public final class StateStoreUnavailableException extends RuntimeException {
    public StateStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
