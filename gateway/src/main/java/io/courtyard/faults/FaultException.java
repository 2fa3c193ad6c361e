package io.courtyard.faults;

/** An operator's change that cannot be made: no such fault, or not in a state that allows it. */
public final class FaultException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Whether the fault does not exist (else it exists in a state that does not allow the change). */
    private final boolean missing;

    public FaultException(String message, boolean missing) {
        super(message);
        this.missing = missing;
    }

    public boolean missing() {
        return missing;
    }
}
