package dev.slipway.state;

/**
 * The state store and its local cache (or two operators) disagree about something that must exist once, such as an
 * environment's CA. Commands stop with exit 1 and change nothing; the message says how to resolve it.
 */
public final class StateConflictException extends RuntimeException {
    public StateConflictException(String message) {
        super(message);
    }
}
