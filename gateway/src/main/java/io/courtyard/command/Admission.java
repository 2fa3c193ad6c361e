package io.courtyard.command;

import java.sql.SQLException;
import java.time.Instant;

/**
 * Decides whether a verified payload runs, in this order: its site, its validity (with the trusted
 * time), whether its nonce was seen, its sequence (or, on the old emergency topic, its issue time
 * and whether that topic is still open), its type, its members, and a handler for its target.
 * Nothing is written here: a refusal costs the sender a report at most.
 */
final class Admission {
    static final String WRONG_SITE = "wrong-site";
    static final String EXPIRED = "expired";
    static final String NOT_YET_VALID = "not-yet-valid";
    static final String REPLAY = "replay";
    static final String OUT_OF_ORDER = "out-of-order";
    static final String LEGACY_CLOSED = "legacy-closed";
    static final String UNKNOWN_TYPE = "unknown-type";
    static final String UNSUPPORTED = "unsupported";
    static final String UNKNOWN_DEVICE = "unknown-device";

    /** A command that may run. */
    record Admitted(Command command, CommandHandler handler, String digest) {}

    private final String siteId;
    private final CommandLedger ledger;
    private final TrustedTime time;
    private final CommandHandlers handlers;

    Admission(String siteId, CommandLedger ledger, TrustedTime time, CommandHandlers handlers) {
        this.siteId = siteId;
        this.ledger = ledger;
        this.time = time;
        this.handlers = handlers;
    }

    Admitted admit(CommandParser.Envelope e) throws Refusal, SQLException {
        if (!siteId.equals(e.site())) {
            throw refuse(WRONG_SITE, "for site '" + CommandParser.printable(e.site()) + "', this is " + siteId);
        }
        CommandLedger.Floor floor = ledger.floor();
        Instant now = time.now(floor.issuedAt());
        if (!now.isBefore(e.expiresAt())) {
            throw refuse(EXPIRED, "expired at " + e.expiresAt() + "; gateway time " + now);
        }
        if (e.issuedAt().isAfter(now.plus(CommandService.MAX_SKEW))) {
            throw refuse(
                    NOT_YET_VALID,
                    "issued at " + e.issuedAt() + ", more than " + CommandService.MAX_SKEW.toMinutes()
                            + " minutes after the gateway's time " + now);
        }
        CommandLedger.Entry seen = ledger.find(e.nonce());
        boolean resumed = false;
        if (seen != null) {
            if (seen.finished() || !seen.digest().equals(e.digest())) {
                throw refuse(
                        REPLAY,
                        "nonce " + e.nonce() + " was used before"
                                + (seen.digest().equals(e.digest())
                                        ? " by this command, outcome " + seen.state()
                                        : ""));
            }
            resumed = true;
        } else if (e.legacy()) {
            legacyOrder(e, floor);
        } else if (e.seq() <= floor.seq()) {
            throw refuse(OUT_OF_ORDER, "sequence " + e.seq() + ", the last accepted is " + floor.seq());
        }
        return admitted(e);
    }

    private static void legacyOrder(CommandParser.Envelope e, CommandLedger.Floor floor) throws Refusal {
        if (floor.seq() > 0) {
            throw refuse(
                    LEGACY_CLOSED,
                    "the platform sends sequenced commands on cmd (last " + floor.seq()
                            + "): the emergency topic is closed");
        }
        // No sequence there: issue times order its commands, so a withheld clear cannot follow a later raise.
        if (e.issuedAt().isBefore(floor.legacyIssuedAt())) {
            throw refuse(
                    OUT_OF_ORDER,
                    "issued at " + e.issuedAt() + ", before the last accepted emergency command ("
                            + floor.legacyIssuedAt() + ")");
        }
    }

    private Admitted admitted(CommandParser.Envelope e) throws Refusal {
        CommandType type = CommandType.of(e.type());
        if (type == null) {
            throw refuse(UNKNOWN_TYPE, "no command type '" + CommandParser.printable(e.type()) + "'");
        }
        Command c = CommandParser.command(e, type);
        CommandHandler h = handlers.find(type, c.target());
        if (h == null) {
            if (!handlers.handles(type)) {
                throw refuse(UNSUPPORTED, "nothing on this gateway takes " + type.wire());
            }
            throw new Refusal(
                    UNKNOWN_DEVICE,
                    "no " + type.target() + " '" + c.target() + "' takes " + type.wire() + "; known: "
                            + String.join(", ", handlers.targets(type)),
                    true);
        }
        return new Admitted(c, h, e.digest());
    }

    private static Refusal refuse(String reason, String detail) {
        return new Refusal(reason, detail, true);
    }
}
