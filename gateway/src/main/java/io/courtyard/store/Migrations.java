package io.courtyard.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Versioned schema migrations, applied in order at startup; the version lives in {@code PRAGMA user_version}. */
final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    /** Append only: a shipped migration is never edited, its index + 1 is its version. */
    static final List<String> SCRIPTS = List.of(
            "V001__meta.sql",
            "V002__journal.sql",
            "V003__access.sql",
            "V004__commands.sql",
            "V005__event_type.sql",
            "V006__usage_faults.sql",
            "V007__fault_stats.sql");

    private Migrations() {}

    static int latest() {
        return SCRIPTS.size();
    }

    static int apply(Connection c, String where) throws SQLException, SchemaException {
        return apply(c, where, latest());
    }

    /** Migrates up to {@code target}: the latest at startup; an older version for upgrade tests. */
    static int apply(Connection c, String where, int target) throws SQLException, SchemaException {
        int current = version(c);
        refuseNewer(current, where);
        for (int v = current + 1; v <= target; v++) {
            String script = SCRIPTS.get(v - 1);
            String sql = read("/db/" + script);
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            // Each migration and its version bump commit together: a crash leaves the old version intact.
            try (Statement st = c.createStatement()) {
                for (String stmt : sql.split(";\\s*(\\r?\\n|$)")) {
                    if (!stmt.isBlank()) {
                        st.executeUpdate(stmt);
                    }
                }
                st.executeUpdate("PRAGMA user_version = " + v);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw new SQLException(where + ": migration " + script + " failed: " + e.getMessage(), e);
            } finally {
                c.setAutoCommit(auto);
            }
            log.info("schema migrated to version {} ({})", v, script);
        }
        return Math.max(current, target);
    }

    /**
     * Refuses a database written by a newer Courtyard before anything opens it for writing: even
     * switching it to WAL mode would change a file this release does not understand. Read-only, but
     * never {@code immutable}: that reads the main file without its write-ahead log, and after a
     * crash in the middle of a checkpoint the main file alone is torn (SQLITE_CORRUPT) while file and
     * log together hold every commit, the version among them.
     */
    static void refuseNewer(java.nio.file.Path file) throws SQLException, SchemaException {
        if (!java.nio.file.Files.exists(file)) {
            return;
        }
        org.sqlite.SQLiteConfig ro = new org.sqlite.SQLiteConfig();
        ro.setReadOnly(true);
        ro.setBusyTimeout(5000);
        try (Connection c = ro.createConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            refuseNewer(version(c), file.toString());
        }
    }

    private static void refuseNewer(int found, String where) throws SchemaException {
        if (found > latest()) {
            throw new SchemaException(where + ": schema version " + found + " is newer than this gateway knows ("
                    + latest() + "); it was written by a newer Courtyard. Run that version, or restore a backup "
                    + "taken with this one.");
        }
    }

    static int version(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                var rs = st.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration " + resource + " is missing from the jar");
            }
            // Strip SQL comments so that a ';' in prose cannot split a statement.
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)--.*$", "");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
