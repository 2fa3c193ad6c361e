package io.courtyard.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.access.StateChange.Position;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Locale;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one journal event did to the stateful rules. */
    sealed interface Effect {}

    /** A decision's change of uses or position, taken at {@code at}. */
    record Changed(StateChange change, Instant at) implements Effect {}

    /** An operator cleared positions: {@code subject}'s, everyone's in {@code area}, or both named. */
    record PositionsReset(String subject, String area) implements Effect {}

    /** An emergency mode raised ({@code activation} set) or cleared (null). */
    record EmergencyChanged(EmergencyMode mode, Emergency.Activation activation) implements Effect {}

    private AccessStateStore() {}

    /** Rebuilds {@code state} from the table and the journal's unprojected tail; returns events replayed. */
    public static int load(Connection c, AccessState state) throws SQLException {
        return load(c, state, Instant.now());
    }

    /** As {@link #load(Connection, AccessState)}; a position stored without its time counts as taken {@code now}. */
    public static int load(Connection c, AccessState state, Instant now) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT key, value FROM access_state")) {
            while (rs.next()) {
                restore(state, rs.getString(1), rs.getString(2), now);
            }
        }
        long from = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT acked_through FROM sink_cursor WHERE sink = ?")) {
            ps.setString(1, SINK);
            try (ResultSet rs = ps.executeQuery()) {
                from = rs.next() ? rs.getLong(1) : 0;
            }
        }
        int replayed = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, ts_us, body FROM events WHERE seq > ? AND kind IN"
                + " ('access', 'alarm') ORDER BY seq")) {
            ps.setLong(1, from);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Effect e = effect(rs.getString(1), Instant.EPOCH.plusNanos(rs.getLong(2) * 1000), rs.getString(3));
                    if (e != null) {
                        apply(state, e);
                        replayed++;
                    }
                }
            }
        }
        state.recountOccupancy();
        return replayed;
    }

    /** The effect of a journal event, or null for the many events without one (or a body that does not parse). */
    static Effect effect(String kind, Instant ts, String body) {
        boolean access = "access".equals(kind);
        if (!(access && (body.contains("\"state\"") || body.contains("\"reset\""))
                || "alarm".equals(kind) && body.contains("\"emergency\""))) {
            return null; // most events: not worth a parse
        }
        try {
            JsonNode n = JSON.readTree(body);
            if (access && "anti-passback".equals(n.path("reset").asText())) {
                return new PositionsReset(
                        n.path("subject").asText(null), n.path("area").asText(null));
            }
            if (access) {
                JsonNode s = n.path("state");
                if (s.isMissingNode()) {
                    return null;
                }
                String position = s.path("position").asText(null);
                return new Changed(
                        new StateChange(
                                s.path("subject").asText(),
                                s.path("uses").asInt(-1),
                                s.path("area").asText(null),
                                position == null ? null : Position.valueOf(position.toUpperCase(Locale.ROOT))),
                        ts);
            }
            if ("emergency".equals(n.path("alarm").asText())) {
                EmergencyMode mode = EmergencyMode.of(n.path("mode").asText());
                boolean raised = "raised".equals(n.path("state").asText());
                return new EmergencyChanged(
                        mode,
                        raised ? new Emergency.Activation(ts, n.path("source").asText()) : null);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            log.warn("access state: skipping an event whose body does not parse: {}", e.toString());
        }
        return null;
    }

    static void apply(AccessState state, Effect e) {
        if (e instanceof Changed c) {
            state.replay(c.change(), c.at());
        } else if (e instanceof PositionsReset r) {
            state.reset(r.subject(), r.area());
        } else if (e instanceof EmergencyChanged m) {
            state.emergency(state.emergency().with(m.mode(), m.activation()));
        }
    }

    /** Writes one effect to the table, in the caller's transaction. */
    static void project(Connection c, Effect e) throws SQLException {
        if (e instanceof EmergencyChanged m) {
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
