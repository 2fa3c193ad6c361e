package io.courtyard.command;

import io.courtyard.journal.EventDraft;
import io.courtyard.journal.event.CommandResult;
import io.courtyard.journal.event.EventKind;
import java.time.Instant;
import java.util.Set;

/**
 * The journal events of the command room, all of one shape: a command's result. Every outcome of an
 * accepted command is one; a refusal found before acceptance is one when the reporting budget
 * allows ({@link CommandReports}). Refusals that point at an attack or a broken platform are
 * ALARM events (they jump the uplink's backlog), the rest DEVICE events of the target device or of
 * {@code gateway}.
 *
 * <p>The record is {@link CommandResult}; members not known are left out (a message that could not
 * be read has no type or nonce).
 */
final class CommandEvents {
    /** Refusals journaled as alarms: a forgery, a replay, a withheld command, another site's command. */
    static final Set<String> ALARMING =
            Set.of(SignatureCheck.BAD_SIGNATURE, Admission.REPLAY, Admission.OUT_OF_ORDER, Admission.WRONG_SITE);

    /**
     * One result, with what is known of its command.
     *
     * @param type null when the message named no type this gateway knows
     * @param seq 0 when it had none (the old emergency topic) or could not be read
     */
    record Result(
            CommandType type,
            String nonce,
            long seq,
            String target,
            Instant issuedAt,
            Outcome outcome,
            int suppressedBefore,
            Instant receivedAt) {

        static Result of(Command c, Outcome o, Instant receivedAt) {
            return new Result(c.type(), c.nonce(), c.seq(), c.target(), c.issuedAt(), o, 0, receivedAt);
        }
    }

    private CommandEvents() {}

    static EventDraft result(Result r, Instant at) {
        boolean alarm =
                r.outcome().reason() != null && ALARMING.contains(r.outcome().reason());
        return new EventDraft(
                r.target() != null ? r.target() : "gateway",
                at,
                r.receivedAt(),
                new CommandResult(
                        alarm ? EventKind.ALARM : EventKind.DEVICE,
                        r.outcome().status().wire(),
                        r.outcome().reason(),
                        r.outcome().detail(),
                        r.type() == null ? null : r.type().wire(),
                        r.nonce(),
                        r.seq() > 0 ? r.seq() : null,
                        r.target(),
                        r.issuedAt(),
                        r.suppressedBefore()));
    }
}
