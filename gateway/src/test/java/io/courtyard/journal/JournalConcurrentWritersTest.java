package io.courtyard.journal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.courtyard.journal.event.EventKind;
import io.courtyard.store.WriteGate;
import io.courtyard.testsupport.SampleEvents;
import io.courtyard.testsupport.TestJournal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal shares its database with other writers (the access list store, the access-state
 * projection, command nonces): their commits must never make an append fail. In WAL mode a
 * transaction that has read before it writes fails with SQLITE_BUSY_SNAPSHOT when another
 * connection committed in between, and busy_timeout does not retry that.
 */
@Timeout(30)
class JournalConcurrentWritersTest {
    @TempDir
    Path dir;

    @Test
    void appendsSucceedWhenAnotherConnectionWroteBeforeTheFirstBatch() throws Exception {
        try (TestJournal j = TestJournal.open(dir)) {
            try (Connection other = j.database().connect();
                    Statement st = other.createStatement()) {
                st.executeUpdate("INSERT INTO meta(key, value) VALUES ('other.writer', '1')");
            }

            JournalEvent e = j.append(EventKind.DEVICE, "gateway");

            assertEquals(1, e.seq());
        }
    }

    /**
     * Retention publishes its outcome after its commit, reading on the writer's connection: that
     * read must not pin a snapshot that the next batch then cannot write from.
     */
    @Test
    void appendsSucceedAfterRetentionRanAndAnotherConnectionWrote() throws Exception {
        // A sink with an unacknowledged event: publishing then looks up its oldest pending event.
        try (TestJournal j = TestJournal.open(dir, "upstream")) {
            j.append(EventKind.DEVICE, "gateway");
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(10))
                    .until(() ->
                            j.registry().get("courtyard.journal.used").gauge().value() > 0);
            try (Connection other = j.database().connect();
                    Statement st = other.createStatement()) {
                st.executeUpdate("INSERT INTO meta(key, value) VALUES ('other.writer', '1')");
            }

            assertEquals(2, j.append(EventKind.DEVICE, "gateway").seq());
        }
    }

    @Test
    void appendsSucceedWhileAnotherConnectionKeepsWriting() throws Exception {
        try (TestJournal j = TestJournal.open(dir);
                Connection other = j.database().connect();
                Statement st = other.createStatement()) {
            for (int i = 0; i < 50; i++) {
                st.executeUpdate("INSERT OR REPLACE INTO meta(key, value) VALUES ('other.writer', '" + i + "')");
                assertEquals(
                        i + 1,
                        j.append("gateway", SampleEvents.numbered(EventKind.DEVICE, i))
                                .seq());
            }
        }
    }

    /**
     * A projection holds the write lock inside the gate: the writer's batch waits at the gate's
     * first door, not in SQLite's busy handler (whose naps of 1, 2, 5 ... ms outlast the holder's
     * turn), and commits once the holder has left.
     */
    @Test
    void anAppendWaitsAtTheGateWhileAProjectionHoldsTheWriteLock() throws Exception {
        try (TestJournal j = TestJournal.open(dir);
                Connection projection = j.database().connectDerived();
                Statement st = projection.createStatement()) {
            WriteGate gate = j.database().writeGate();
            gate.enter();
            st.execute("BEGIN IMMEDIATE");
            st.executeUpdate("INSERT OR REPLACE INTO meta(key, value) VALUES ('projection.cursor', '7')");

            CompletableFuture<JournalEvent> append =
                    j.journal().append(EventDraft.at("gateway", Instant.now(), SampleEvents.of(EventKind.DEVICE)));
            await().atMost(Duration.ofSeconds(5)).until(() -> gate.queued() == 1);
            assertFalse(append.isDone(), "the batch waits for the projection's turn to end");

            st.execute("COMMIT");
            gate.leave();
            assertEquals(1, append.get(5, TimeUnit.SECONDS).seq());
            assertEquals(0, gate.queued());
            // The wait is the writer's turn meter's one entry.
            assertEquals(
                    1, j.registry().get("courtyard.journal.writer.turn").timer().count());
        }
    }
}
