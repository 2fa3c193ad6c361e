package io.courtyard.device.monitor;

/** A monitor payload that does not follow the schema; the message names the field and what was found. */
final class PayloadException extends Exception {
    private static final long serialVersionUID = 1L;

    PayloadException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // Expected input from a buggy firmware, decoded at message rate: no stack trace to pay for.
        return this;
    }
}
