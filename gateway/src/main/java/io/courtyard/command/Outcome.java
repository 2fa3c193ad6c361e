package io.courtyard.command;

import java.util.Locale;
import java.util.Objects;

/**
 * How a command ended, as its result reports it: done, refused (never carried out, with a reason),
 * or failed (carried out but not to the end, or not at all, with a reason).
 *
 * @param reason a short tag from the README's list ({@code unknown-device}, {@code offline}...); null when done
 * @param detail a sentence for people; never a card number, PIN or plate
 */
public record Outcome(Status status, String reason, String detail) {
    /** The result's {@code outcome}. */
    public enum Status {
        DONE,
        REFUSED,
        FAILED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The handler's effect was made in memory but could not be made durable (the journal refused
     * it): the command room runs the command again, while it is valid, until it is.
     */
    public static final String NOT_RECORDED = "not-recorded";

    public Outcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        if ((status == Status.DONE) != (reason == null)) {
            throw new IllegalArgumentException("a reason is given exactly when a command was not done");
        }
    }

    public static Outcome done(String detail) {
        return new Outcome(Status.DONE, null, detail);
    }

    public static Outcome refused(String reason, String detail) {
        return new Outcome(Status.REFUSED, reason, detail);
    }

    public static Outcome failed(String reason, String detail) {
        return new Outcome(Status.FAILED, reason, detail);
    }

    public boolean done() {
        return status == Status.DONE;
    }

    /** The effect is in force but not durable: to be run again. */
    boolean notRecorded() {
        return status == Status.FAILED && NOT_RECORDED.equals(reason);
    }
}
