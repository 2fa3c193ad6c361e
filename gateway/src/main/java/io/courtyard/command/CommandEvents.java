package io.courtyard.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventKind;
import java.time.Instant;
import java.util.Set;

/**
 * The journal events of the command room, all of one shape: a command's result. Every outcome of an
 * accepted command is one; a refusal found before acceptance is one when the reporting budget
 * allows ({@link CommandReports}). Refusals that point at an attack or a broken platform are
 * ALARM events (they jump the uplink's backlog), the rest DEVICE events of the target device or of
 * {@code gateway}.
 *
 * <p>Body: {@code {"command":"result","outcome":"done"|"refused"|"failed","reason":…,"detail":…,
 * "type":…,"nonce":…,"commandSeq":…,"target":…,"issuedAt":…,"suppressedBefore":N}}; members not
 * known are left out (a message that could not be read has no type or nonce).
 */
final class CommandEvents {
    /** Refusals journaled as alarms: a forgery, a replay, a withheld command, another site's command. */
    static final Set<String> ALARMING =
            Set.of(SignatureCheck.BAD_SIGNATURE, Admission.REPLAY, Admission.OUT_OF_ORDER, Admission.WRONG_SITE);

    private static final ObjectMapper JSON = new ObjectMapper();

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
        ObjectNode b = JSON.createObjectNode()
                .put("command", "result")
                .put("outcome", r.outcome().status().wire());
        if (r.outcome().reason() != null) {
            b.put("reason", r.outcome().reason());
        }
        b.put("detail", r.outcome().detail());
        if (r.type() != null) {
            b.put("type", r.type().wire());
        }
        if (r.nonce() != null) {
            b.put("nonce", r.nonce());
        }
        if (r.seq() > 0) {
            b.put("commandSeq", r.seq());
        }
        if (r.target() != null) {
            b.put("target", r.target());
        }
        if (r.issuedAt() != null) {
            b.put("issuedAt", r.issuedAt().toString());
        }
        b.put("suppressedBefore", r.suppressedBefore());
        boolean alarm =
                r.outcome().reason() != null && ALARMING.contains(r.outcome().reason());
        return new EventDraft(
                alarm ? EventKind.ALARM : EventKind.DEVICE,
                r.target() != null ? r.target() : "gateway",
                at,
                r.receivedAt(),
                b.toString());
    }
}
