package dev.slipway.spec;

/**
 * Bad input from the user (a spec, an argument, a file they named): the CLI prints the message and exits 2.
 * Messages say where and what is wrong, and what would be right.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
