package io.courtyard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.courtyard.config.JournalConfig.Synchronous;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The journal writer's wait for SQLite's write lock, and the projections' connections, on a real file. */
@Timeout(30)
class LockWaitTest {
    @TempDir
    java.nio.file.Path dir;

    private Database db;

    @BeforeEach
    void start() throws Exception {
        db = new Database(dir, Synchronous.FULL);
        db.start();
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t(x INTEGER)");
        }
    }

    @AfterEach
    void stop() throws Exception {
        db.stop();
    }

    @Test
    void aWriterGetsTheLockSoonAfterAnotherConnectionCommitsAndCountsTheWait() throws Exception {
        try (Connection holder = db.connect();
                Connection writer = db.connect()) {
            LockWait wait = LockWait.install(writer, Duration.ofSeconds(5));
            try (Statement st = holder.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                st.execute("INSERT INTO t VALUES (1)");
            }
            CompletableFuture<Boolean> done = CompletableFuture.supplyAsync(() -> {
                try (Statement st = writer.createStatement()) {
                    return st.execute("INSERT INTO t VALUES (2)");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(60);
            assertThat(done).as("waits while the lock is held").isNotDone();
            try (Statement st = holder.createStatement()) {
                st.execute("COMMIT");
            }
            done.get(5, TimeUnit.SECONDS);
            // One wait, asked again every 0.2 ms or so (SQLite's own back-off asks half a dozen times
            // in 60 ms: 1, 2, 5, 10, 15, 20 ms apart).
            assertThat(wait.waits()).isEqualTo(1);
            assertThat(wait.tries()).isGreaterThan(20);
            assertThat(wait.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(40));
            assertThat(wait.longest()).isEqualTo(wait.waited());
        }
    }

    @Test
    void aWriterGivesUpAtItsLimitWithSqliteBusy() throws Exception {
        try (Connection holder = db.connect();
                Connection writer = db.connect()) {
            LockWait.install(writer, Duration.ofMillis(100));
            try (Statement st = holder.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
            }
            try (Statement st = writer.createStatement()) {
                assertThatThrownBy(() -> st.execute("INSERT INTO t VALUES (2)"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("SQLITE_BUSY");
            }
            try (Statement st = holder.createStatement()) {
                st.execute("ROLLBACK");
            }
        }
    }

    @Test
    void projectionsCommitWithoutFsyncAndEverythingElseStaysFull() throws Exception {
        try (Connection derived = db.connectDerived();
                Connection journal = db.connect()) {
            assertThat(synchronous(derived)).as("NORMAL").isEqualTo(1);
            assertThat(synchronous(journal)).as("FULL").isEqualTo(2);
        }
    }

    private static int synchronous(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA synchronous")) {
            return rs.getInt(1);
        }
    }
}
