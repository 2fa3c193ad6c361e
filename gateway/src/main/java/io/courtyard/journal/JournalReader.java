package io.courtyard.journal;

import io.courtyard.journal.event.EventType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * Reads the journal straight from a connection, without a running {@link Journal}: what a
 * projection with state in memory replays at startup, and what a command-line tool reads while
 * the gateway runs in another process.
 */
public final class JournalReader {
    private JournalReader() {}

    /**
     * Every event the cursor has not acknowledged, in sequence order, decoded. A cursor never
     * written reads from the start.
     *
     * @param siteId the configured site, for the events' ids
     */
    public static void unacknowledged(Connection c, String siteId, String cursor, Consumer<JournalEvent> each)
            throws SQLException {
        SeqRanges ahead = new SeqRanges();
        long from = SinkView.load(c, cursor, ahead);
        LongFunction<String> ids = Epochs.load(c).ids(siteId);
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + Rows.COLUMNS + " FROM events WHERE seq > ? ORDER BY seq")) {
            ps.setLong(1, from);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!ahead.contains(rs.getLong(1))) {
                        each.accept(Rows.event(rs, ids));
                    }
                }
            }
        }
    }

    /**
     * The events of {@code types}, newest first, decoded, until {@code each} returns false: what a
     * room rebuilds its recent memory from at startup. Their ids are the sequence number alone
     * (the site is not known here); only rows written with a type column are found.
     */
    public static void newestFirst(Connection c, Set<EventType> types, Predicate<JournalEvent> each)
            throws SQLException {
        String marks = String.join(", ", Collections.nCopies(types.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + Rows.COLUMNS + " FROM events WHERE type IN (" + marks + ") ORDER BY seq DESC")) {
            int i = 1;
            for (EventType t : types) {
                ps.setString(i++, t.wire());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!each.test(Rows.event(rs, seq -> Long.toString(seq)))) {
                        return;
                    }
                }
            }
        }
    }
}
