package io.courtyard.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.EventType;
import io.courtyard.testsupport.SampleEvents;
import io.courtyard.testsupport.TestJournal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared projection loop: batches in sequence order, each applied with its cursor advance in
 * one transaction, failures rolled back and retried, never applied twice. The projection here
 * inserts each seq into a table whose primary key refuses a second insert: applying an event
 * twice would fail it forever.
 */
@Timeout(60)
class JournalProjectorTest {
    static final String NAME = "counting";
    static final JournalProjector.Policy FAST =
            new JournalProjector.Policy(7, Duration.ofMillis(50), Duration.ofMillis(20), Duration.ofMillis(100));

    @TempDir
    Path dir;

    final List<Long> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void countingTable() throws Exception {
        try (TestJournal j = TestJournal.open(dir);
                Connection c = j.database().connect();
                Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE counted (seq INTEGER PRIMARY KEY)");
        }
    }

    JournalProjector.Projection counting() {
        return (tx, batch) -> {
            try (PreparedStatement ps = tx.prepareStatement("INSERT INTO counted(seq) VALUES (?)")) {
                for (JournalEvent e : batch) {
                    ps.setLong(1, e.seq());
                    ps.executeUpdate();
                    seen.add(e.seq());
                }
            }
        };
    }

    JournalProjector start(TestJournal j, JournalProjector.Projection p) throws Exception {
        JournalProjector projector = new JournalProjector(j.source(NAME), j.database(), p, FAST, j.registry());
        projector.start();
        return projector;
    }

    @Test
    void eachBatchCommitsWithItsCursorAndARestartAppliesNothingTwice() throws Exception {
        try (TestJournal j = TestJournal.open(dir, NAME)) {
            for (int i = 1; i <= 30; i++) {
                j.append("d", SampleEvents.numbered(i % 3 == 0 ? EventKind.ALARM : EventKind.DEVICE, i));
            }
            JournalProjector projector = start(j, counting());
            await().atMost(Duration.ofSeconds(10)).until(() -> j.source(NAME).pending() == 0);
            projector.stop();
            assertThat(seen)
                    .as("strictly in sequence order, alarms included")
                    .isSorted()
                    .hasSize(30);
            assertThat(counted(j)).isEqualTo(30);
            assertThat(cursor(j)).isEqualTo(30);
            assertThat(j.registry()
                            .get("courtyard.journal.projection.events")
                            .counter()
                            .count())
                    .isEqualTo(30);
        }
        try (TestJournal j = TestJournal.open(dir, NAME)) {
            j.append(EventKind.DEVICE, "d");
            JournalProjector projector = start(j, counting());
            await().atMost(Duration.ofSeconds(10)).until(() -> j.source(NAME).pending() == 0);
            projector.stop();
            assertThat(counted(j)).as("only the new event").isEqualTo(31);
        }
    }

    @Test
    void aProjectionOfSomeTypesGetsOnlyThoseAndItsCursorPassesOverTheRestWithoutTheWriter() throws Exception {
        List<Long> alarms = new ArrayList<>();
        try (TestJournal j = TestJournal.open(dir, NAME)) {
            for (int i = 1; i <= 40; i++) {
                JournalEvent e =
                        j.append("d", SampleEvents.of(i % 4 == 0 ? EventType.DOOR_ALARM : EventType.RIDE_RECORDED));
                if (i % 4 == 0) {
                    alarms.add(e.seq());
                }
            }
            j.append("d", SampleEvents.of(EventType.ACCESS_DECIDED)); // the last one means nothing to it
            JournalProjector.Projection doorAlarms = new JournalProjector.Projection() {
                @Override
                public void apply(Connection tx, List<JournalEvent> batch) throws SQLException {
                    counting().apply(tx, batch);
                }

                @Override
                public Set<EventType> reads() {
                    return EnumSet.of(EventType.DOOR_ALARM);
                }
            };
            JournalProjector projector = start(j, doorAlarms);
            await().atMost(Duration.ofSeconds(10)).until(() -> j.source(NAME).pending() == 0);
            projector.stop();
            assertThat(seen).as("the door alarms alone").isEqualTo(alarms);
            assertThat(cursor(j))
                    .as("the projection's own transaction wrote its cursor past the events it passed over")
                    .isEqualTo(41);
            assertThat(j.journal().cursorsDirty())
                    .as("nothing left for the writer to persist")
                    .isFalse();
        }
    }

    @Test
    void aFailingBatchIsRolledBackWithItsCursorAndRetriedUntilItSucceeds() throws Exception {
        try (TestJournal j = TestJournal.open(dir, NAME)) {
            for (int i = 1; i <= 10; i++) {
                j.append(EventKind.ACCESS, "g");
            }
            AtomicInteger attempts = new AtomicInteger();
            JournalProjector.Projection failsTwice = (tx, batch) -> {
                counting().apply(tx, batch); // written, then lost with the rollback
                if (attempts.incrementAndGet() <= 2) {
                    throw new SQLException("simulated: disk I/O error");
                }
            };
            JournalProjector projector = start(j, failsTwice);
            await().atMost(Duration.ofSeconds(10)).until(() -> j.source(NAME).pending() == 0);
            projector.stop();
            assertThat(counted(j)).as("each event once").isEqualTo(10);
            assertThat(cursor(j)).isEqualTo(10);
            assertThat(j.registry()
                            .get("courtyard.journal.projection.failures")
                            .counter()
                            .count())
                    .isEqualTo(2);
            assertThat(j.registry()
                            .get("courtyard.journal.projection.failing")
                            .gauge()
                            .value())
                    .isZero();
        }
    }

    @Test
    void aCursorNeverMovesBackEvenWhenAnOlderValueIsWrittenAfterTheProjectionsOwn() throws Exception {
        try (TestJournal j = TestJournal.open(dir);
                Connection c = j.database().connect()) {
            advance(c, 40);
            advance(c, 12); // the writer persisting an in-memory cursor older than the projection's commit
            assertThat(cursorOf(c)).isEqualTo(40);
        }
    }

    private static void advance(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SinkView.ADVANCE)) {
            ps.setString(1, NAME);
            ps.setLong(2, seq);
            ps.executeUpdate();
        }
    }

    private static long counted(TestJournal j) throws SQLException {
        try (Connection c = j.database().connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM counted")) {
            return rs.getLong(1);
        }
    }

    private static long cursor(TestJournal j) throws SQLException {
        try (Connection c = j.database().connect()) {
            return cursorOf(c);
        }
    }

    private static long cursorOf(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT acked_through FROM sink_cursor WHERE sink = ?")) {
            ps.setString(1, NAME);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
