package io.courtyard.journal.event;

import java.time.Instant;

/**
 * A signed remote command's result: every outcome of an accepted command, and a refusal found
 * before acceptance when the reporting budget allows. Refusals that point at an attack or a broken
 * platform (forged, replayed, out of order, another site's) are alarms, the rest device events:
 * the producer chooses {@code kind}. The device is the command's target, or {@code gateway}.
 *
 * @param outcome {@code done}, {@code refused} or {@code failed}
 * @param reason the refusal's or failure's code
 * @param type the command's type, when the message named one this gateway knows
 * @param nonce the command's nonce, when it could be read
 * @param commandSeq the platform's per-site sequence of the command, when it had one
 * @param target the device or bus it was for, for the types that name one
 * @param suppressedBefore refusals of this reason not journaled since the last one
 */
@Constant(name = "command", value = "result")
public record CommandResult(
        EventKind kind,
        @Tag String outcome,
        @Tag @Nullable String reason,
        @Nullable String detail,
        @Tag @Nullable String type,
        @Nullable String nonce,
        @Nullable Long commandSeq,
        @Nullable String target,
        @Nullable Instant issuedAt,
        int suppressedBefore)
        implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
