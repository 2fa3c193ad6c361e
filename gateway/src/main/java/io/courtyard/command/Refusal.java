package io.courtyard.command;

/**
 * Why a message is not run as a command, found before it was accepted: it is reported (within the
 * reporting budget) and acknowledged, and nothing of it is carried out.
 *
 * @see CommandService the reasons, in the order they are checked
 */
public final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;
    /** The signature verified: the sender holds the key, so the refusal is worth a report to the platform. */
    private final boolean verified;

    public Refusal(String reason, String detail, boolean verified) {
        super(detail, null, false, false);
        this.reason = reason;
        this.verified = verified;
    }

    /** A message whose signature could not be checked or did not verify. */
    public static Refusal unverified(String reason, String detail) {
        return new Refusal(reason, detail, false);
    }

    public String reason() {
        return reason;
    }

    public boolean verified() {
        return verified;
    }
}
