package io.courtyard.journal.event;

/** A stored body that does not match its declared type; the message names the member and the value. */
final class BodyException extends Exception {
    private static final long serialVersionUID = 1L;

    BodyException(String message) {
        super(message);
    }
}
