package io.courtyard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.testsupport.WriteLock;
import java.io.IOException;
import java.nio.file.Files;
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

    /**
     * A projection's connection waits for a write lock another connection holds and takes it once
     * freed (its own busy handler looks again every 200 µs), and gives up with SQLITE_BUSY after
     * the busy timeout rather than waiting for ever.
     */
    @Test
    void aDerivedConnectionWaitsForTheWriteLockAndGivesUpAfterTheBusyTimeout() throws Exception {
        Database db = start();
        try (Connection holder = db.connect();
                Connection derived = db.connectDerived();
                Statement hs = holder.createStatement();
                Statement ds = derived.createStatement()) {
            hs.execute("CREATE TABLE scratch(x INTEGER)");
            hs.execute("BEGIN IMMEDIATE");
            hs.execute("INSERT INTO scratch VALUES(1)");
            long t0 = System.nanoTime();
            Thread release = WriteLock.commitAfter(hs, 300);
            ds.execute("INSERT INTO scratch VALUES(2)");
            release.join();
            assertTrue(System.nanoTime() - t0 >= 250_000_000L, "it waited for the holder's commit");
            assertEquals(2, scalarInt(derived, "SELECT COUNT(*) FROM scratch"));

            hs.execute("BEGIN IMMEDIATE");
            long t1 = System.nanoTime();
            SQLException busy = assertThrows(SQLException.class, () -> ds.execute("INSERT INTO scratch VALUES(3)"));
            long waited = System.nanoTime() - t1;
            hs.execute("ROLLBACK");
            assertTrue(busy.getMessage().contains("SQLITE_BUSY"), busy.getMessage());
            assertTrue(waited >= 4_900_000_000L && waited < 15_000_000_000L, "waited " + waited / 1_000_000 + " ms");
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

    /**
     * A power cut or SIGKILL while SQLite checkpoints leaves a main file that is torn on its own and
     * whole with its write-ahead log: checkpoints copy pages in page order, so page 1 (the schema's
     * root) can be new while the pages it points to are not there yet. The gateway must start on it
     * as SQLite would, reading through the log, and find every committed row.
     */
    @Test
    void startsAfterACrashInTheMiddleOfACheckpointWithEveryCommittedRow(@TempDir Path crashed) throws Exception {
        Database db = start();
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            st.execute("PRAGMA wal_autocheckpoint=0");
            st.execute("CREATE TABLE filler(n INTEGER PRIMARY KEY, pad TEXT)");
            for (int i = 0; i < 40; i++) {
                st.execute("CREATE TABLE t" + i + "(a INTEGER PRIMARY KEY, b TEXT)");
                st.execute("CREATE INDEX t" + i + "_b ON t" + i + "(b)");
            }
            st.execute(
                    "INSERT INTO filler(pad) SELECT hex(randomblob(200)) FROM"
                            + " (WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 2000) SELECT x FROM r)");
            snapshotFiles(crashed); // as the kill leaves them: the commits are all in the log
        }
        WalFile.tearCheckpointAfterPageOne(crashed.resolve("courtyard.db"));
        assertThrows(
                SQLException.class,
                () -> readVersion("jdbc:sqlite:file:" + crashed.resolve("courtyard.db") + "?immutable=1"),
                "the main file alone is torn, or this test proves nothing");

        Database after = new Database(crashed, Synchronous.FULL);
        after.start();
        try (Connection c = after.connect()) {
            assertEquals("ok", scalar(c, "PRAGMA integrity_check"));
            assertEquals(2000, scalarInt(c, "SELECT count(*) FROM filler"));
            assertEquals(Migrations.latest(), after.schemaVersion());
        } finally {
            after.stop();
        }
    }

    private void snapshotFiles(Path to) throws IOException {
        for (String name : List.of("courtyard.db", "courtyard.db-wal")) {
            Files.copy(dir.resolve(name), to.resolve(name));
        }
    }

    private static int readVersion(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            return Migrations.version(c);
        }
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
