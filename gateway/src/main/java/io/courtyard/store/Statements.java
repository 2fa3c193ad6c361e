package io.courtyard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Prepared statements kept for one connection at a time, for a thread that runs the same few
 * statements thousands of times (a projection): preparing costs more than running a short
 * statement, and sqlite-jdbc keeps no cache of its own. Callers bind every parameter each time and
 * never close what they get; a different connection drops (closes) the statements of the last one.
 * Not thread-safe: one owner thread.
 */
public final class Statements {
    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    private Connection conn;

    /** The statement {@code sql} prepared on {@code c}, prepared now the first time. */
    public PreparedStatement on(Connection c, String sql) throws SQLException {
        if (c != conn) {
            clear();
            conn = c;
        }
        PreparedStatement ps = prepared.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = c.prepareStatement(sql);
            prepared.put(sql, ps);
        }
        return ps;
    }

    /** Closes every statement kept; the next {@link #on} prepares again. */
    public void clear() {
        for (PreparedStatement ps : prepared.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                // Its connection is gone already, and the statement with it: nothing left to free.
            }
        }
        prepared.clear();
        conn = null;
    }
}
