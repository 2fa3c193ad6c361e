package io.courtyard.command;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the command room remembers, in the state database: the last accepted sequence, the latest
 * issue times accepted (the clock floor), and one row per accepted command with its outcome and
 * whether the broker has its result. Used by the command worker's thread only; every change commits
 * before the method returns, so a command is accepted once its row is on disk, never before.
 */
final class CommandLedger implements AutoCloseable {
    /** A row is kept this long after its command expired: a redelivery within it is recognised. */
    static final Duration KEEP = Duration.ofDays(1);
    /** A result the broker never acknowledged is published again for this long, then given up. */
    static final Duration REPUBLISH_FOR = Duration.ofDays(7);

    static final String ACCEPTED = "accepted";

    /** The sequence and time floor, as last committed. */
    record Floor(long seq, Instant issuedAt, Instant legacyIssuedAt) {}

    /** A remembered command. */
    record Entry(String nonce, long seq, String type, String target, String digest, String state, Instant expiresAt) {
        boolean finished() {
            return !ACCEPTED.equals(state);
        }
    }

    /** A result waiting for the broker's acknowledgement. */
    record Unreported(String nonce, String result) {}

    private final Connection conn;
    private Floor floor;

    CommandLedger(Connection conn) throws SQLException {
        this.conn = conn;
        this.floor = new Floor(
                Long.parseLong(meta("command.seq")),
                Instant.parse(meta("command.issued_at")),
                Instant.parse(meta("command.legacy_issued_at")));
    }

    Floor floor() {
        return floor;
    }

    Entry find(String nonce) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM command_log WHERE nonce = ?")) {
            ps.setString(1, nonce);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? entry(rs) : null;
            }
        }
    }

    /**
     * Accepts a command in one transaction: its row, the sequence it consumes (none on the old
     * topic) and the clock floor it raises. Afterwards neither it nor anything older runs again.
     */
    void accept(Command c, String digest) throws SQLException {
        Floor next = new Floor(
                Math.max(floor.seq(), c.seq()),
                later(floor.issuedAt(), c.issuedAt()),
                c.seq() == 0 ? later(floor.legacyIssuedAt(), c.issuedAt()) : floor.legacyIssuedAt());
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try {
            try (PreparedStatement ps =
                    conn.prepareStatement("INSERT INTO command_log(nonce, seq, type, target, digest, expires_ms, state)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, c.nonce());
                ps.setLong(2, c.seq());
                ps.setString(3, c.type().wire());
                ps.setString(4, c.target());
                ps.setString(5, digest);
                ps.setLong(6, c.expiresAt().toEpochMilli());
                ps.setString(7, ACCEPTED);
                ps.executeUpdate();
            }
            setMeta("command.seq", Long.toString(next.seq()));
            setMeta("command.issued_at", next.issuedAt().toString());
            setMeta("command.legacy_issued_at", next.legacyIssuedAt().toString());
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(auto);
        }
        floor = next;
    }

    /** Records the outcome and the result as published. */
    void finish(String nonce, Outcome o, String result) throws SQLException {
        try (PreparedStatement ps =
                conn.prepareStatement("UPDATE command_log SET state = ?, reason = ?, result = ? WHERE nonce = ?")) {
            ps.setString(1, o.status().wire());
            ps.setString(2, o.reason());
            ps.setString(3, result);
            ps.setString(4, nonce);
            ps.executeUpdate();
        }
    }

    /** The broker acknowledged the command's result. */
    void reported(String nonce) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE command_log SET reported = 1 WHERE nonce = ?")) {
            ps.setString(1, nonce);
            ps.executeUpdate();
        }
    }

    /** Results not yet acknowledged by the broker, oldest first. */
    List<Unreported> unreported(int max) throws SQLException {
        List<Unreported> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT nonce, result FROM command_log"
                + " WHERE reported = 0 AND result IS NOT NULL ORDER BY expires_ms LIMIT ?")) {
            ps.setInt(1, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Unreported(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return out;
    }

    /** Accepted commands without an outcome: at start, those the gateway stopped while running. */
    List<Entry> accepted() throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM command_log WHERE state = ?")) {
            ps.setString(1, ACCEPTED);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(entry(rs));
                }
            }
        }
        return out;
    }

    /** Forgets what no redelivery can concern any more; returns how many rows went. */
    int purge(Instant now) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM command_log WHERE state != ? AND"
                + " ((reported = 1 AND expires_ms < ?) OR expires_ms < ?)")) {
            ps.setString(1, ACCEPTED);
            ps.setLong(2, now.minus(KEEP).toEpochMilli());
            ps.setLong(3, now.minus(REPUBLISH_FOR).toEpochMilli());
            return ps.executeUpdate();
        }
    }

    private static final String COLUMNS = "nonce, seq, type, target, digest, state, expires_ms";

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(
                rs.getString(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                Instant.ofEpochMilli(rs.getLong(7)));
    }

    private String meta(String key) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("meta." + key + " is missing: the command ledger's migration did not run");
                }
                return rs.getString(1);
            }
        }
    }

    private void setMeta(String key, String value) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE meta SET value = ? WHERE key = ?")) {
            ps.setString(1, value);
            ps.setString(2, key);
            ps.executeUpdate();
        }
    }

    static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    @Override
    public void close() throws SQLException {
        conn.close();
    }
}
