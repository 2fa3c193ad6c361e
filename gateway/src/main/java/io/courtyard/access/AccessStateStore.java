package io.courtyard.access;

import io.courtyard.access.StateChange.Position;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.JournalProjector;
import io.courtyard.journal.JournalReader;
import io.courtyard.journal.event.AccessDecided;
import io.courtyard.journal.event.AlarmState;
import io.courtyard.journal.event.AntiPassbackReset;
import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.EventType;
import io.courtyard.journal.event.PlateReadDecided;
import io.courtyard.journal.event.PlateWithheld;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stateful rules on disk. The journal is their source: every granted decision that changed
 * a pass's uses or a position carries the change, every emergency change is an ALARM event. The
 * {@code access_state} table is a projection of those events kept by the {@value #SINK} cursor,
 * so retention can purge old events without losing state; at startup the table is read and the
 * events the projection has not acknowledged are replayed on top (replays are idempotent).
 */
public final class AccessStateStore {
    /** The journal cursor of the projection; renaming it replays whatever the journal still holds. */
    public static final String SINK = "access-state";

    private static final Logger log = LoggerFactory.getLogger(AccessStateStore.class);

    /** What one journal event did to the stateful rules. */
    sealed interface Effect {}

    /** A decision's change of uses or position, taken at {@code at}. */
    record Changed(StateChange change, Instant at) implements Effect {}

    /** An operator cleared positions: {@code subject}'s, everyone's in {@code area}, or both named. */
    record PositionsReset(String subject, String area) implements Effect {}

    /** An emergency mode raised ({@code activation} set) or cleared (null). */
    record EmergencySet(EmergencyMode mode, Emergency.Activation activation) implements Effect {}

    private AccessStateStore() {}

    /**
     * Rebuilds {@code state} from the table and the events its cursor has not acknowledged yet;
     * returns the events replayed.
     */
    public static int load(Connection c, String siteId, AccessState state) throws SQLException {
        return load(c, siteId, state, Instant.now());
    }

    /**
     * As {@link #load(Connection, String, AccessState)}; a position stored without its time counts
     * as taken {@code now}.
     */
    public static int load(Connection c, String siteId, AccessState state, Instant now) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT key, value FROM access_state")) {
            while (rs.next()) {
                restore(state, rs.getString(1), rs.getString(2), now);
            }
        }
        int[] replayed = {0};
        JournalReader.unacknowledged(c, siteId, SINK, e -> {
            Effect effect = effect(e);
            if (effect != null) {
                apply(state, effect);
                replayed[0]++;
            }
        });
        state.recountOccupancy();
        return replayed[0];
    }

    /**
     * The event types with an effect on the stateful rules (those {@link #effect} does not map to
     * null): the projection decodes only these and passes over the rest of the journal (monitor
     * statuses, most of it) undecoded.
     */
    static final Set<EventType> READS = Collections.unmodifiableSet(EnumSet.of(
            EventType.ACCESS_DECIDED,
            EventType.PLATE_READ,
            EventType.PLATE_WITHHELD,
            EventType.ANTI_PASSBACK_RESET,
            EventType.EMERGENCY_CHANGED));

    /** The projection the {@value #SINK} cursor runs: each event's effect written to the table. */
    static JournalProjector.Projection projection() {
        return new JournalProjector.Projection() {
            @Override
            public void apply(Connection tx, List<JournalEvent> batch) throws SQLException {
                for (JournalEvent e : batch) {
                    Effect effect = effect(e);
                    if (effect != null) {
                        project(tx, effect);
                    }
                }
            }

            @Override
            public Set<EventType> reads() {
                return READS;
            }
        };
    }

    /** The effect of a journal event on the stateful rules, or null for the many events without one. */
    static Effect effect(JournalEvent je) {
        Event e = je.event();
        return switch (e.eventType()) {
            case ACCESS_DECIDED -> changed(((AccessDecided) e).state(), je.ts());
            case PLATE_READ -> changed(((PlateReadDecided) e).state(), je.ts());
                // A grant whose barrier stayed shut: its state takes the grant's change back.
            case PLATE_WITHHELD -> changed(((PlateWithheld) e).state(), je.ts());
            case ANTI_PASSBACK_RESET -> {
                AntiPassbackReset r = (AntiPassbackReset) e;
                yield new PositionsReset(r.subject(), r.area());
            }
            case EMERGENCY_CHANGED -> emergency((io.courtyard.journal.event.EmergencyChanged) e, je.ts());
            case RIDE_RECORDED,
                    DOOR_ALARM,
                    TAMPER_ALARM,
                    DISK_ALARM,
                    CLOCK_ALARM,
                    ACL_APPLIED,
                    ACL_REFUSED,
                    COMMAND_REFUSED,
                    GATEWAY_STARTED,
                    GATEWAY_RESTORED,
                    CLOCK_SKEW,
                    DEVICE_ONLINE,
                    DEVICE_OFFLINE,
                    DEVICE_STATUS,
                    GATE_INPUT,
                    KEYPAD_LOCKED,
                    SECURE_CHANNEL_VIOLATION,
                    KEY_PROVISIONED,
                    CAMERA_OFFLINE,
                    BARRIER_COMMAND_FAILED,
                    MONITOR_STATUS,
                    FAULT_REPORTED,
                    SERVICE_CHANGED,
                    TRIP_RECORDED,
                    MONITOR_ONLINE,
                    MONITOR_OFFLINE,
                    MONITOR_MESSAGE,
                    FAULT_CHANGED,
                    PASSENGER_ALARM,
                    COMMAND_RESULT,
                    BILL_ISSUED,
                    FAULT_LIFECYCLE,
                    USAGE_SUMMARY,
                    OPERATOR_LOGIN,
                    OPERATOR_LOGOUT,
                    OPERATOR_ACTION,
                    OPERATOR_EXPORT -> null;

            case UNREADABLE -> {
                // A decision or emergency among them would be lost to the state: say so.
                log.warn("access state: seq {} skipped: {}", je.seq(), e);
                yield null;
            }
        };
    }

    private static Effect changed(AccessDecided.StateChange s, Instant at) {
        if (s == null) {
            return null;
        }
        return new Changed(
                new StateChange(
                        s.subject(),
                        s.uses() == null ? -1 : s.uses(),
                        s.area(),
                        s.position() == null
                                ? null
                                : Position.valueOf(s.position().name())),
                at);
    }

    private static Effect emergency(io.courtyard.journal.event.EmergencyChanged e, Instant ts) {
        EmergencyMode mode = EmergencyMode.valueOf(e.mode().name());
        return new EmergencySet(mode, e.state() == AlarmState.RAISED ? new Emergency.Activation(ts, e.source()) : null);
    }

    static void apply(AccessState state, Effect e) {
        if (e instanceof Changed c) {
            state.replay(c.change(), c.at());
        } else if (e instanceof PositionsReset r) {
            state.reset(r.subject(), r.area());
        } else if (e instanceof EmergencySet m) {
            state.emergency(state.emergency().with(m.mode(), m.activation()));
        }
    }

    /** Writes one effect to the table, in the caller's transaction. */
    static void project(Connection c, Effect e) throws SQLException {
        if (e instanceof EmergencySet m) {
            if (m.activation() == null) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM access_state WHERE key = ?")) {
                    ps.setString(1, "emergency|" + m.mode().tag());
                    ps.executeUpdate();
                }
            } else {
                upsert(
                        c,
                        "emergency|" + m.mode().tag(),
                        m.activation().since() + " " + m.activation().source());
            }
            return;
        }
        if (e instanceof PositionsReset r) {
            clearPositions(c, r);
            return;
        }
        Changed changed = (Changed) e;
        StateChange ch = changed.change();
        if (ch.uses() >= 0) {
            // Uses only grow: a redelivered older event must not lower what the table holds.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO access_state(key, value) VALUES (?, ?) ON"
                    + " CONFLICT(key) DO UPDATE SET value = MAX(CAST(value AS INTEGER), CAST(excluded.value AS"
                    + " INTEGER))")) {
                ps.setString(1, "uses|" + ch.subject());
                ps.setString(2, Integer.toString(ch.uses()));
                ps.executeUpdate();
            }
        }
        if (ch.area() != null && ch.position() != null) {
            // With its time, so that after a restart it still expires when its area says so, and a camera's
            // older replayed read still cannot move it back.
            upsert(
                    c,
                    "pos|" + ch.area() + "|" + ch.subject(),
                    ch.position().tag() + " " + changed.at().toEpochMilli());
        }
    }

    private static void clearPositions(Connection c, PositionsReset r) throws SQLException {
        // Ids may hold '_', a LIKE wildcard: escaped, so a reset of one holder clears no other.
        String pattern = "pos|" + (r.area() == null ? "%" : like(r.area())) + "|"
                + (r.subject() == null ? "%" : like(r.subject()));
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM access_state WHERE key LIKE ? ESCAPE '\\'")) {
            ps.setString(1, pattern);
            ps.executeUpdate();
        }
    }

    private static String like(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static void restore(AccessState state, String key, String value, Instant now) {
        String[] k = key.split("\\|", 3);
        try {
            switch (k[0]) {
                case "uses" -> state.replay(new StateChange(k[1], Integer.parseInt(value), null, null), now);
                case "pos" -> {
                    // "in 1767225600000"; rows written before positions had times are "in" alone.
                    String[] v = value.split(" ", 2);
                    Instant at = v.length == 2 ? Instant.ofEpochMilli(Long.parseLong(v[1])) : now;
                    state.replay(new StateChange(k[2], -1, k[1], Position.valueOf(v[0].toUpperCase(Locale.ROOT))), at);
                }
                case "emergency" -> {
                    int space = value.indexOf(' ');
                    state.emergency(state.emergency()
                            .with(
                                    EmergencyMode.of(k[1]),
                                    new Emergency.Activation(
                                            Instant.parse(value.substring(0, space)), value.substring(space + 1))));
                }
                case "nonce" -> {
                    // Remembered command nonces (EmergencyCommands): not access state.
                }
                default -> log.warn("access state: unknown key {} ignored", key);
            }
        } catch (RuntimeException e) {
            log.warn("access state: row {} unreadable, ignored: {}", key, e.toString());
        }
    }

    private static void upsert(Connection c, String key, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO access_state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value ="
                        + " excluded.value")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }
}
