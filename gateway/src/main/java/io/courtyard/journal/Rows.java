package io.courtyard.journal;

import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.EventType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/** Maps journal rows to events; the one place that knows the column layout of {@code events}. */
final class Rows {
    static final String COLUMNS = "seq, kind, device, ts_us, received_us, type, body";

    private Rows() {}

    /**
     * The row at the result set's cursor; its body is decoded when first asked for (an unreadable
     * one as such, never an exception).
     */
    static JournalEvent event(ResultSet rs, LongFunction<String> ids) throws SQLException {
        long seq = rs.getLong(1);
        return new JournalEvent(
                seq,
                ids.apply(seq),
                rs.getString(3),
                instant(rs.getLong(4)),
                instant(rs.getLong(5)),
                EventKind.ofTopic(rs.getString(2)),
                rs.getString(6),
                null,
                rs.getBytes(7),
                false);
    }

    /**
     * Whether the row at the cursor may hold an event of {@code types}: its type column names one,
     * or names none this release knows, or is empty (a row older than the column); only those are
     * worth decoding.
     */
    static boolean mayBe(ResultSet rs, Set<EventType> types) throws SQLException {
        String stored = rs.getString(6);
        if (stored == null) {
            return true;
        }
        EventType type = EventType.named(stored);
        return type == null || type == EventType.UNREADABLE || types.contains(type);
    }

    static long micros(Instant t) {
        return TimeUnit.SECONDS.toMicros(t.getEpochSecond()) + t.getNano() / 1000;
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
}
