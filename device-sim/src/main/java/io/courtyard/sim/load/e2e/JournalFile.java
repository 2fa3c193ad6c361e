package io.courtyard.sim.load.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.BitSet;

/**
 * The gateway's journal read from its SQLite file by another process, read-only (WAL lets a reader
 * in beside the writer): the ground truth the upstream subscriber is checked against.
 */
final class JournalFile {
    private final String url;

    JournalFile(Path stateDir) {
        url = "jdbc:sqlite:file:" + stateDir.resolve("courtyard.db").toAbsolutePath() + "?mode=ro";
    }

    /** The highest seq journaled so far, 0 for none. */
    long lastSeq() throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), 0) FROM events")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Every seq held in 1..{@code through}. */
    BitSet seqs(long through) throws SQLException {
        BitSet out = new BitSet();
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT seq FROM events WHERE seq <= " + through)) {
            while (rs.next()) {
                out.set((int) rs.getLong(1));
            }
        }
        return out;
    }
}
