package io.courtyard.device.lpr.push;

/**
 * A push whose body the camera's format does not allow: truncated, of the wrong shape, or with a
 * field of the wrong type. The message names the field and what was found, never a plate.
 */
public final class MalformedPush extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedPush(String message) {
        super(message);
    }

    public MalformedPush(String field, String expected, String found) {
        super(field + ": expected " + expected + ", found " + found);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
