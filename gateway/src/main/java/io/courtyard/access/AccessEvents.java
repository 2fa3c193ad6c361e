package io.courtyard.access;

import io.courtyard.config.DevicesConfig.Direction;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.event.AccessDecided;
import io.courtyard.journal.event.AlarmState;
import io.courtyard.journal.event.AntiPassbackReset;
import io.courtyard.journal.event.EmergencyChanged;
import io.courtyard.journal.event.KeypadLocked;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The access room's journal events, built here and nowhere else: a decision's
 * {@link AccessDecided}, an emergency's {@link EmergencyChanged}, a {@link KeypadLocked} alarm and
 * an operator's {@link AntiPassbackReset}. Building a record is all the deciding thread pays; the
 * journal's writer encodes it. Personal data: the credential is masked; the full value only for an
 * unknown card or plate, where nothing else could tell a crew which one was tried. Never for a
 * code: typed keys may be a PIN typed at the wrong moment, and an unknown code is a guess, which
 * the journal must not help anyone read.
 */
public final class AccessEvents {
    /** Wire names made once: the deciding thread should not lower-case an enum per request. */
    private static final Map<Direction, String> DIRECTIONS = tags(Direction.class);

    private static final Map<CredentialKey.Type, String> CREDENTIAL_TYPES = tags(CredentialKey.Type.class);

    private AccessEvents() {}

    private static <E extends Enum<E>> Map<E, String> tags(Class<E> type) {
        Map<E, String> out = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            out.put(e, e.name().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    public static EventDraft decided(Decision d, Instant deviceTime, Instant receivedAt) {
        return new EventDraft(d.device(), deviceTime, receivedAt, decision(d));
    }

    /** The decision's record, for the rooms whose own events carry a decision (plate reads). */
    public static AccessDecided decision(Decision d) {
        CredentialKey c = d.credential();
        return new AccessDecided(
                d.granted() ? AccessDecided.Decision.GRANT : AccessDecided.Decision.DENY,
                d.reason().code(),
                d.direction() == null ? null : DIRECTIONS.get(d.direction()),
                c == null ? null : CREDENTIAL_TYPES.get(c.type()),
                c == null ? null : c.masked(),
                // Never a code's: an unknown code is a guess, or a PIN typed at the wrong moment.
                d.reason() == Reason.UNKNOWN_CREDENTIAL && c.type() != CredentialKey.Type.CODE ? c.text() : null,
                d.subject(),
                d.holder(),
                d.holderKind(),
                d.household(),
                d.rule(),
                d.aclVersion(),
                actuation(d.actuation()),
                state(d.change()));
    }

    private static AccessDecided.Actuation actuation(Actuation a) {
        if (a instanceof Actuation.Pulse p) {
            return AccessDecided.Actuation.pulse(p.length().toMillis());
        }
        if (a instanceof Actuation.Floors f) {
            return AccessDecided.Actuation.floors(
                    f.floors(), f.outputs(), f.enableFor().toMillis());
        }
        if (a instanceof Actuation.HallCall h) {
            return AccessDecided.Actuation.hallCall(
                    h.floor(), h.output(), h.enableFor().toMillis());
        }
        if (a instanceof Actuation.RaiseBarrier) {
            return AccessDecided.Actuation.raiseBarrier();
        }
        return null;
    }

    /** A change of uses or position as the journal carries it; null for none. */
    public static AccessDecided.StateChange state(StateChange c) {
        if (c == null) {
            return null;
        }
        return new AccessDecided.StateChange(
                c.subject(),
                c.uses() >= 0 ? c.uses() : null,
                c.area(),
                c.position() == null
                        ? null
                        : AccessDecided.Position.valueOf(c.position().name()));
    }

    /** An emergency mode raised or cleared; for fire, the devices that open. */
    static EventDraft emergency(
            EmergencyMode mode, boolean raised, String source, List<String> openOnFire, Instant at) {
        return EventDraft.at(
                "gateway",
                at,
                new EmergencyChanged(
                        EmergencyChanged.Mode.valueOf(mode.name()),
                        AlarmState.of(raised),
                        source,
                        mode == EmergencyMode.FIRE ? openOnFire : null));
    }

    /** A device's keypad locked after too many failed entries; it ends by itself at {@code lockedUntil}. */
    static EventDraft keypadLocked(KeypadGuard.Lockout l, Instant receivedAt) {
        return new EventDraft(
                l.device(),
                l.at(),
                receivedAt,
                new KeypadLocked(
                        AlarmState.RAISED,
                        l.failures(),
                        l.window().toMillis(),
                        l.until(),
                        l.level(),
                        l.last().code()));
    }

    /**
     * Anti-passback positions cleared by an operator; {@code subject} or {@code area} null means
     * every subject or every area.
     */
    static EventDraft antiPassbackReset(String subject, String area, String source, int cleared, Instant at) {
        return EventDraft.at("gateway", at, new AntiPassbackReset(subject, area, source, cleared));
    }
}
