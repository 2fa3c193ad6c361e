package io.courtyard.store;

/** The database cannot be used by this gateway version; the message says why and what to do. */
public final class SchemaException extends Exception {
    private static final long serialVersionUID = 1L;

    public SchemaException(String message) {
        super(message);
    }
}
