package io.courtyard.billing;

/** A statement that cannot be made as configured; the message says which elevator, month and rule. */
public final class BillingException extends Exception {
    private static final long serialVersionUID = 1L;

    public BillingException(String message) {
        super(message);
    }
}
