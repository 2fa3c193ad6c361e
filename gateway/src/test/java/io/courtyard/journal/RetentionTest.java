package io.courtyard.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.courtyard.config.JournalConfig;
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.journal.event.AccessDecided;
import io.courtyard.journal.event.DeviceOffline;
import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.RideRecorded;
import io.courtyard.testsupport.SampleEvents;
import io.courtyard.testsupport.SettableClock;
import io.courtyard.testsupport.TestJournal;
import io.courtyard.testsupport.WriteLock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class RetentionTest {
    private static final String PADDING = "x".repeat(160);
    /** A quota these tests never reach: only age removes events. */
    private static final JournalConfig AGE_ONLY =
            new JournalConfig(Synchronous.NORMAL, 2000, Duration.ofMillis(2), 64L << 20, Duration.ofDays(90));

    @TempDir
    Path dir;

    @Test
    void overQuotaWithUplinkDownPurgesStatusSamplesKeepsDecisionsAndRidesAndRaisesDiskAlarm() throws Exception {
        JournalConfig cfg =
                // The quota counts the whole file, the schema's own pages included (V007 added two).
                new JournalConfig(Synchronous.NORMAL, 2000, Duration.ofMillis(2), 288 << 10, Duration.ofDays(90));
        try (TestJournal j = TestJournal.open(dir, cfg, "mqtt")) {
            // The uplink is down: the sink never acknowledges anything.
            appendAll(j, EventKind.DEVICE, 3000);
            appendAll(j, EventKind.ACCESS, 300);
            appendAll(j, EventKind.RIDE, 100);
            // Purges are counted once their transaction has committed: wait for the count, then compare.
            await().atMost(Duration.ofSeconds(10)).until(() -> purgedDevice(j) > 0);
            assertThat(count("access")).isEqualTo(300);
            assertThat(count("ride")).isEqualTo(100);
            assertThat(purgedDevice(j)).isEqualTo(3000 - count("device"));
            assertThat(j.journal().diskAlarm()).isNull();

            // Only events that may never be purged remain and they alone exceed the quota.
            appendAll(j, EventKind.ACCESS, 2500);
            await().atMost(Duration.ofSeconds(10)).until(() -> j.journal().diskAlarm() != null);
            assertThat(count("access")).isEqualTo(2800);
            assertThat(count("ride")).isEqualTo(100);
            assertThat(count("device")).isZero();
            assertThat(j.registry().get("courtyard.journal.disk.alarm").gauge().value())
                    .isEqualTo(1.0);
            // The alarm is itself a journaled event, and appends keep working.
            await().atMost(Duration.ofSeconds(5)).until(() -> count("alarm") == 1);
            assertThat(j.append(EventKind.ACCESS, "north-gate").seq()).isPositive();
            // Purged samples count as delivered: the sink is not left waiting for them.
            List<JournalEvent> all = drain(j.source("mqtt"));
            assertThat(all).extracting(JournalEvent::kind).doesNotContain(EventKind.DEVICE);
            assertThat(all).hasSize(2800 + 100 + 1 + 1);
            assertThat(all.get(0).kind()).isEqualTo(EventKind.ALARM);
        }
    }

    /**
     * Over quota, a pass purges one chunk and says whether more is due; the writer commits its
     * batches between passes. One pass that purged the whole 10 % held every append behind it
     * (2.7 s at a 2 GiB quota), and at tens of GiB longer than the watchdog waits.
     */
    @Test
    void overQuotaEachPassPurgesOneChunkUntilTheLowWaterMark() throws Exception {
        try (TestJournal j = TestJournal.open(dir, AGE_ONLY, "mqtt")) {
            forwardedRides(j, 20_000);

            try (Connection c = j.database().connect()) {
                c.setAutoCommit(false);
                // Half of what the journal uses now: purging to 90 % of it takes 11,000 events or more.
                JournalConfig small = halfOfWhatIsUsed(j, c);
                long quota = small.quotaBytes();
                Retention retention = new Retention(j.journal(), c, small);
                List<Retention.Outcome> passes = new ArrayList<>();
                Retention.Outcome last;
                do {
                    last = retention.run(true);
                    c.commit();
                    passes.add(last);
                } while (last.draining() && passes.size() < 100);

                assertThat(passes).hasSizeGreaterThanOrEqualTo(3);
                assertThat(passes).allSatisfy(p -> {
                    assertThat(p.oldForwarded()).isBetween(1, Retention.DRAIN_CHUNK);
                    assertThat(p.overQuota()).as("purging goes on: no alarm").isFalse();
                });
                assertThat(passes.subList(0, passes.size() - 1)).allMatch(Retention.Outcome::draining);
                assertThat(last.draining()).isFalse();
                assertThat(last.usedBytes()).isLessThanOrEqualTo((long) (quota * 0.9));
                long purged = passes.stream()
                        .mapToLong(Retention.Outcome::oldForwarded)
                        .sum();
                assertThat(last.drainedForwarded()).isEqualTo(purged);
                assertThat(count("ride")).isEqualTo(20_000 - purged);
                assertThat(seqs().get(0)).as("oldest first").isEqualTo(purged + 1);
            }
        }
    }

    /**
     * While appends arrive a drain rides their batches: each also deletes twice what it appended
     * (64 at least), oldest first, inside the batch's transaction; no pass of its own holds the
     * next batch back.
     */
    @Test
    void inADrainEachBatchAlsoPurgesTwiceWhatItAppendedOldestFirst() throws Exception {
        try (TestJournal j = TestJournal.open(dir, AGE_ONLY, "mqtt")) {
            forwardedRides(j, 20_000);

            try (Connection c = j.database().connect()) {
                c.setAutoCommit(false);
                Retention retention = new Retention(j.journal(), c, halfOfWhatIsUsed(j, c));
                assertThat(retention.withBatch(20_001, 100))
                        .as("no drain on: a batch purges nothing")
                        .isNull();
                c.commit();
                Retention.Outcome pass = retention.run(true); // the second's pass finds the quota exceeded
                c.commit();
                assertThat(pass.draining()).isTrue();

                Retention.Outcome small = retention.withBatch(20_001, 10);
                c.commit();
                Retention.Outcome large = retention.withBatch(20_011, 300);
                c.commit();

                assertThat(small.oldForwarded())
                        .as("a small batch still drains")
                        .isEqualTo(64);
                assertThat(large.oldForwarded()).isEqualTo(2 * 300);
                assertThat(large.draining()).isTrue();
                assertThat(large.drainedForwarded()).isEqualTo(pass.oldForwarded() + 64 + 600);
                assertThat(seqs().get(0)).as("oldest first").isEqualTo(pass.oldForwarded() + 64 + 600 + 1);
            }
        }
    }

    /**
     * A drain's pass must wait for a write lock another connection (a projection) holds, not fail:
     * a pass that read the quota before it deleted failed at once with SQLITE_BUSY whenever the lock
     * was taken, and under 20,000 events/s 90 passes in 90 s did, the drain stopped each time, and
     * the journal grew to twice its quota.
     */
    @Test
    void aDrainsPassWaitsForAWriteLockAnotherConnectionHolds() throws Exception {
        try (TestJournal j = TestJournal.open(dir, AGE_ONLY, "mqtt")) {
            forwardedRides(j, 20_000);
            try (Connection c = j.database().connect();
                    Connection projection = j.database().connect();
                    Statement ps = projection.createStatement()) {
                c.setAutoCommit(false);
                Retention retention = new Retention(j.journal(), c, halfOfWhatIsUsed(j, c));
                assertThat(retention.run(true).draining()).isTrue();
                c.commit();

                ps.execute("BEGIN IMMEDIATE");
                ps.execute("UPDATE meta SET value = value WHERE key = 'journal.last_seq'");
                Thread release = WriteLock.commitAfter(ps, 200);
                Retention.Outcome pass = retention.run(false);
                c.commit();
                release.join();

                assertThat(pass.oldForwarded()).isEqualTo(Retention.DRAIN_CHUNK);
            }
        }
    }

    /**
     * With the uplink down a drain purges un-forwarded status samples, and a batch only those
     * before its own first seq: its own events are handed to the sinks and answered after the
     * commit, and must still be there.
     */
    @Test
    void aBatchInADrainPurgesOnlySamplesFromBeforeItsOwn() throws Exception {
        try (TestJournal j = TestJournal.open(dir, AGE_ONLY, "mqtt")) {
            appendAll(j, EventKind.DEVICE, 4000); // nothing acknowledged: the uplink is down
            try (Connection c = j.database().connect()) {
                c.setAutoCommit(false);
                Retention retention = new Retention(j.journal(), c, halfOfWhatIsUsed(j, c));
                Retention.Outcome pass = retention.run(true);
                c.commit();
                assertThat(pass.telemetry()).hasSize(Retention.DRAIN_CHUNK).startsWith(1L);
                assertThat(pass.draining()).isTrue();

                // As if seqs 1501.. were the batch being committed: it may take 2,000, 500 are older.
                Retention.Outcome batch = retention.withBatch(1501, 1000);
                c.commit();

                assertThat(batch.telemetry())
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(1001, 1500).boxed().toList());
                assertThat(seqs()).hasSize(2500).startsWith(1501L);
            }
        }
    }

    /** Appends {@code n} rides and has the sink forward them all. */
    private static void forwardedRides(TestJournal j, int n) throws Exception {
        appendAll(j, EventKind.RIDE, n);
        long[] all = new long[n];
        for (int i = 0; i < all.length; i++) {
            all[i] = i + 1;
        }
        j.source("mqtt").ack(all);
        await().atMost(Duration.ofSeconds(10)).until(() -> j.journal().forwardedThrough() == n);
    }

    /** The test journal's config with a quota of half the bytes the journal now uses. */
    private static JournalConfig halfOfWhatIsUsed(TestJournal j, Connection c) throws SQLException {
        long quota = new Retention(j.journal(), c, AGE_ONLY).usedBytes() / 2;
        c.commit();
        return new JournalConfig(Synchronous.NORMAL, 2000, Duration.ofMillis(2), quota, Duration.ofDays(90));
    }

    @Test
    void forwardedEventsOlderThanRetentionAreRemovedUnforwardedAreKept() throws Exception {
        try (TestJournal j = TestJournal.open(dir, AGE_ONLY, "mqtt")) {
            Instant old = Instant.now().minus(Duration.ofDays(100));
            appendReceived(j, EventKind.RIDE, "e", old, 10);
            j.append(EventKind.RIDE, "e");
            j.source("mqtt").ack(1, 2, 3, 4, 5);
            await().atMost(Duration.ofSeconds(5)).until(() -> purged(j, "reason", "retention") == 5);
            assertThat(seqs()).containsExactly(6L, 7L, 8L, 9L, 10L, 11L);
        }
    }

    @Test
    void onlyTheSecondsPassRemovesAgedEventsNotADrainsPassBetweenBatches() throws Exception {
        // The journal's own writer keeps 90 days; the passes run here keep one, so only they find
        // the ten-day-old events aged.
        try (TestJournal j = TestJournal.open(dir, AGE_ONLY, "mqtt")) {
            appendReceived(j, EventKind.RIDE, "e", Instant.now().minus(Duration.ofDays(10)), 5);
            j.source("mqtt").ack(1, 2, 3, 4, 5);
            await().atMost(Duration.ofSeconds(10)).until(() -> j.journal().forwardedThrough() == 5);
            JournalConfig oneDay =
                    new JournalConfig(Synchronous.NORMAL, 2000, Duration.ofMillis(2), 64L << 20, Duration.ofDays(1));
            try (Connection c = j.database().connect()) {
                c.setAutoCommit(false);
                Retention retention = new Retention(j.journal(), c, oneDay);
                assertThat(retention.run(false).aged()).isZero();
                c.commit();
                assertThat(seqs()).hasSize(5);
                assertThat(retention.run(true).aged()).isEqualTo(5);
                c.commit();
                assertThat(seqs()).isEmpty();
            }
        }
    }

    @Test
    void agedEventsBehindYoungerOnesAreRemovedAndTheYoungerKept() throws Exception {
        // Received out of order (the wall clock set back): young rows at the front of the journal
        // must neither be deleted nor keep the aged rows behind them from going.
        try (TestJournal j = TestJournal.open(dir, AGE_ONLY, "mqtt")) {
            Instant old = Instant.now().minus(Duration.ofDays(100));
            j.append(EventKind.RIDE, "e");
            j.append(EventKind.RIDE, "e");
            appendReceived(j, EventKind.RIDE, "e", old, 10);
            j.append(EventKind.RIDE, "e");
            appendReceived(j, EventKind.RIDE, "e", old, 1);
            j.source("mqtt").ack(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
            await().atMost(Duration.ofSeconds(5)).until(() -> purged(j, "reason", "retention") == 11);
            assertThat(seqs()).containsExactly(1L, 2L, 13L);
        }
    }

    @Test
    void retentionAgesEventsOnTheJournalsClockNotTheWallClock() throws Exception {
        // A simulated compound (or a test) runs on a clock of its own; the events it stamps are
        // aged on that clock. A month-old fixture day is young to it however late the wall clock is.
        Instant day = Instant.parse("2020-03-02T10:00:00Z");
        SettableClock clock = new SettableClock(day.plus(Duration.ofDays(30)));
        try (TestJournal j = TestJournal.open(dir, AGE_ONLY, clock, "mqtt")) {
            appendReceived(j, EventKind.RIDE, "e", day, 4);
            j.source("mqtt").ack(1, 2, 3, 4);
            Thread.sleep(1500); // longer than the writer's maintenance period: nothing is old yet
            assertThat(seqs()).containsExactly(1L, 2L, 3L, 4L);

            clock.set(day.plus(Duration.ofDays(91)));
            await().atMost(Duration.ofSeconds(5)).until(() -> purged(j, "reason", "retention") == 4);
            assertThat(seqs()).isEmpty();
        }
    }

    @Test
    void aJournalOpenedWithoutSinksKeepsWhatTheGatewaysSinksHaveNotForwarded() throws Exception {
        Instant old = Instant.now().minus(Duration.ofDays(100));
        try (TestJournal j = TestJournal.open(dir, AGE_ONLY, "mqtt")) {
            appendReceived(j, EventKind.ACCESS, "g", old, 10);
            j.source("mqtt").ack(1, 2, 3);
            await().atMost(Duration.ofSeconds(5)).until(() -> purged(j, "reason", "retention") == 3);
        }
        // As `acl import` does with the gateway stopped: no sink declared, retention still runs.
        try (TestJournal j = TestJournal.open(dir, AGE_ONLY)) {
            Thread.sleep(
                    1500); // longer than the writer's maintenance period: this test is about what it does not delete
            assertThat(seqs()).containsExactly(4L, 5L, 6L, 7L, 8L, 9L, 10L);
            assertThat(purged(j, "reason", "retention")).isZero();
        }
    }

    private static double purgedDevice(TestJournal j) {
        return purged(j, "kind", "device");
    }

    /** Purge counters appear once a purge has committed; absent means nothing purged yet. */
    private static double purged(TestJournal j, String tag, String value) {
        var c = j.registry().find("courtyard.journal.purged").tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    /** {@code n} events of {@code kind} from {@code device}, stamped (device time and receipt) {@code at}. */
    private static void appendReceived(TestJournal j, EventKind kind, String device, Instant at, int n)
            throws Exception {
        for (int i = 0; i < n; i++) {
            j.journal().append(EventDraft.at(device, at, SampleEvents.of(kind))).get();
        }
    }

    private static void appendAll(TestJournal j, EventKind kind, int n) throws Exception {
        List<CompletableFuture<JournalEvent>> fs = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) {
            fs.add(j.journal().append(EventDraft.at("dev-" + (i % 5), now, padded(kind))));
        }
        CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
    }

    /** An event of {@code kind} whose body is about as large as its padding. */
    private static Event padded(EventKind kind) {
        return switch (kind) {
            case DEVICE -> new DeviceOffline("bus", 1, PADDING);
            case ACCESS -> new AccessDecided(
                    AccessDecided.Decision.DENY,
                    "unknown-device",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    PADDING,
                    1,
                    null,
                    null);
            case RIDE -> new RideRecorded(
                    "elevator-1-1",
                    "1",
                    "1",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    false,
                    7,
                    null,
                    Instant.now(),
                    PADDING,
                    1);
            default -> throw new IllegalArgumentException(kind.topic());
        };
    }

    private static List<JournalEvent> drain(EventSource s) throws InterruptedException {
        List<JournalEvent> out = new ArrayList<>();
        List<JournalEvent> batch;
        while (!(batch = s.next(1000, 0)).isEmpty()) {
            out.addAll(batch);
        }
        return out;
    }

    private long count(String kind) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("courtyard.db"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM events WHERE kind = '" + kind + "'")) {
            return rs.getLong(1);
        }
    }

    private List<Long> seqs() throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("courtyard.db"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT seq FROM events ORDER BY seq")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
