package io.courtyard.journal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/** Maps journal rows to events; the one place that knows the column layout of {@code events}. */
final class Rows {
    static final String COLUMNS = "seq, kind, device, ts_us, received_us, body";

    private Rows() {}

    static JournalEvent event(ResultSet rs, LongFunction<String> ids) throws SQLException {
        long seq = rs.getLong(1);
        return new JournalEvent(
                seq,
                ids.apply(seq),
                EventKind.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)),
                rs.getString(3),
                instant(rs.getLong(4)),
                instant(rs.getLong(5)),
                rs.getString(6));
    }

    static long micros(Instant t) {
        return TimeUnit.SECONDS.toMicros(t.getEpochSecond()) + t.getNano() / 1000;
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
}
