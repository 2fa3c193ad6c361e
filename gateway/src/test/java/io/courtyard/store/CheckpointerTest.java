package io.courtyard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.courtyard.config.JournalConfig.Synchronous;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints run on their own thread, never inside a connection's commit, on a real database file. */
@Timeout(60)
class CheckpointerTest {
    @TempDir
    Path dir;

    @Test
    void commitsNeverCheckpointAndTheCheckpointerFoldsTheLogInTheBackgroundAndAtStop() throws Exception {
        Database db = new Database(dir, Synchronous.FULL);
        db.start();
        Path wal = dir.resolve("courtyard.db-wal");
        byte[] row = new byte[4000];
        try (Connection c = db.connect()) {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("PRAGMA wal_autocheckpoint")) {
                assertThat(rs.getInt(1)).as("no checkpoint inside a commit").isZero();
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE scratch(x BLOB)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO scratch(x) VALUES (?)")) {
                // ~8 MB in 40 commits: SQLite's own rule would have checkpointed inside some of them.
                for (int tx = 0; tx < 40; tx++) {
                    for (int i = 0; i < 50; i++) {
                        ins.setBytes(1, row);
                        ins.addBatch();
                    }
                    ins.executeBatch();
                    c.commit();
                }
            }
            assertThat(Files.size(wal)).isGreaterThan(Checkpointer.WAL_BYTES);
            await().atMost(Duration.ofSeconds(20)).until(() -> db.checkpoints() > 0);
            // The log was folded in: the rows are in the database file itself, not only in the log.
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> Files.size(dir.resolve("courtyard.db")) > 2000L * row.length);
        }
        db.stop();
        assertThat(Files.exists(wal) ? Files.size(wal) : 0)
                .as("the log truncated at stop")
                .isZero();

        Database again = new Database(dir, Synchronous.FULL);
        again.start();
        try (Connection c = again.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM scratch")) {
            assertThat(rs.getInt(1)).isEqualTo(2000);
        } finally {
            again.stop();
        }
    }
}
