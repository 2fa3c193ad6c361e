package io.courtyard.journal.event;

/**
 * A stored body that does not match its declared type; the message names the member and the value.
 * It never leaves the codec (it becomes an {@link Unreadable}) and reading a row written before
 * types were stored meets one per type tried, so it carries no stack trace.
 */
final class BodyException extends Exception {
    private static final long serialVersionUID = 1L;

    BodyException(String message) {
        super(message, null, false, false);
    }
}
