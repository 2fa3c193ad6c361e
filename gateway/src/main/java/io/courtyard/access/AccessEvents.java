package io.courtyard.access;

import io.courtyard.config.DevicesConfig.Direction;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.event.AccessDecided;
import io.courtyard.journal.event.AlarmState;
import io.courtyard.journal.event.EmergencyChanged;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The access room's journal events, built here and nowhere else: a decision's
 * {@link AccessDecided} and an emergency's {@link EmergencyChanged}. Building a record is all the
 * deciding thread pays; the journal's writer encodes it. Personal data: the credential is masked;
 * the full value only for an unknown credential, where nothing else could tell a crew which card
 * or plate was tried.
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

    static AccessDecided decision(Decision d) {
        CredentialKey c = d.credential();
        return new AccessDecided(
                d.granted() ? AccessDecided.Decision.GRANT : AccessDecided.Decision.DENY,
                d.reason().code(),
                d.direction() == null ? null : DIRECTIONS.get(d.direction()),
                c == null ? null : CREDENTIAL_TYPES.get(c.type()),
                c == null ? null : c.masked(),
                d.reason() == Reason.UNKNOWN_CREDENTIAL ? c.text() : null,
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
        if (a instanceof Actuation.RaiseBarrier) {
            return AccessDecided.Actuation.raiseBarrier();
        }
        return null;
    }

    private static AccessDecided.StateChange state(StateChange c) {
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
}
