package io.courtyard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.courtyard.config.JournalConfig.Synchronous;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The state directory's SQLite database on real files. */
@Timeout(30)
class DatabaseTest {
    @TempDir
    Path dir;

    private final List<Database> opened = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (Database db : opened) {
            db.stop();
        }
    }

    private Database start() throws Exception {
        Database db = new Database(dir, Synchronous.FULL);
        db.start();
        opened.add(db);
        return db;
    }

    @Test
    void freshDatabaseIsMigratedToTheLatestSchemaInWalMode() throws Exception {
        Database db = start();

        assertEquals(Migrations.latest(), db.schemaVersion());
        try (Connection c = db.connect()) {
            assertEquals(Migrations.latest(), scalarInt(c, "PRAGMA user_version"));
            assertEquals("wal", scalar(c, "PRAGMA journal_mode"));
            assertEquals("2", scalar(c, "PRAGMA synchronous"), "FULL");
            assertEquals(1, scalarInt(c, "PRAGMA foreign_keys"));
            assertEquals("meta", scalar(c, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'"));
        }
        assertEquals(dir.resolve("courtyard.db"), db.file());
    }

    @Test
    void normalSynchronousIsAppliedToEveryConnection() throws Exception {
        Database db = new Database(dir, Synchronous.NORMAL);
        db.start();
        opened.add(db);

        try (Connection c = db.connect()) {
            assertEquals("1", scalar(c, "PRAGMA synchronous"), "NORMAL");
        }
    }

    @Test
    void instanceIdIsStableAcrossRestarts() throws Exception {
        Database first = new Database(dir, Synchronous.FULL);
        first.start();
        String id = first.instanceId();
        first.stop();

        Database second = start();

        assertNotNull(UUID.fromString(id));
        assertEquals(id, second.instanceId());
        assertEquals(Migrations.latest(), second.schemaVersion(), "restart does not re-run migrations");
    }

    @Test
    void differentStateDirectoriesGetDifferentInstanceIds(@TempDir Path other) throws Exception {
        Database a = start();
        Database b = new Database(other, Synchronous.FULL);
        b.start();
        opened.add(b);

        assertTrue(!a.instanceId().equals(b.instanceId()));
    }

    @Test
    void databaseFromANewerGatewayIsRefusedWithWhatToDo() throws Exception {
        setUserVersion(Migrations.latest() + 5);

        SchemaException e = assertThrows(SchemaException.class, () -> new Database(dir, Synchronous.FULL).start());

        String m = e.getMessage();
        assertTrue(m.contains(dir.resolve("courtyard.db").toString()), m);
        assertTrue(m.contains("schema version " + (Migrations.latest() + 5) + " is newer than this gateway knows"), m);
        assertTrue(m.contains("Run that version, or restore a backup"), m);
    }

    @Test
    void refusedStartGivesTheStateDirectoryBack() throws Exception {
        setUserVersion(Migrations.latest() + 1);
        assertThrows(SchemaException.class, () -> new Database(dir, Synchronous.FULL).start());
        setUserVersion(0); // as if the newer gateway's backup had been restored: nothing migrated yet

        Database db = start();

        assertEquals(Migrations.latest(), db.schemaVersion());
    }

    @Test
    void secondDatabaseOnTheSameStateDirectoryIsRefusedWhileTheFirstHoldsIt() throws Exception {
        Database first = start();

        IOException e = assertThrows(IOException.class, () -> new Database(dir, Synchronous.FULL).start());
        assertEquals("another gateway holds the state directory " + dir, e.getMessage());

        first.stop();
        opened.remove(first);
        Database second = start();
        assertEquals(first.instanceId(), second.instanceId());
    }

    @Test
    void stopIsSafeToRepeat() throws Exception {
        Database db = start();

        db.stop();
        db.stop();

        start();
    }

    private void setUserVersion(int version) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("courtyard.db"));
                Statement st = c.createStatement()) {
            st.executeUpdate("PRAGMA user_version = " + version);
        }
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), "no row for " + sql);
            return rs.getString(1);
        }
    }

    private static int scalarInt(Connection c, String sql) throws SQLException {
        return Integer.parseInt(scalar(c, sql));
    }

    @Test
    void projectionsCommitWithoutFsyncAndEverythingElseStaysFull() throws Exception {
        Database db = start();
        try (Connection derived = db.connectDerived();
                Connection journal = db.connect();
                Statement a = derived.createStatement();
                ResultSet ra = a.executeQuery("PRAGMA synchronous");
                Statement b = journal.createStatement();
                ResultSet rb = b.executeQuery("PRAGMA synchronous")) {
            assertEquals(1, ra.getInt(1), "NORMAL for derived state");
            assertEquals(2, rb.getInt(1), "FULL for the journal and everything else");
        }
    }
}
