package io.courtyard.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.config.JournalConfig;
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.journal.event.EventKind;
import io.courtyard.testsupport.SampleEvents;
import io.courtyard.testsupport.TestJournal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class JournalTest {
    @TempDir
    Path dir;

    @Test
    void appendsGetDenseSequenceNumbersAndGloballyUniqueIds() throws Exception {
        try (TestJournal j = TestJournal.open(dir)) {
            JournalEvent a = j.append(EventKind.ACCESS, "north-gate");
            JournalEvent b = j.append(EventKind.RIDE, "elevator-1-1");
            assertThat(b.seq()).isEqualTo(a.seq() + 1);
            assertThat(a.id()).startsWith(TestJournal.SITE + "-").endsWith("-" + a.seq());
            assertThat(a.id()).isNotEqualTo(b.id());
        }
    }

    @Test
    void concurrentAppendsAreGroupCommitted() throws Exception {
        try (TestJournal j = TestJournal.open(dir)) {
            List<CompletableFuture<JournalEvent>> fs = new ArrayList<>();
            Instant now = Instant.now();
            for (int i = 0; i < 20_000; i++) {
                fs.add(j.journal()
                        .append(EventDraft.at("d" + (i % 7), now, SampleEvents.numbered(EventKind.DEVICE, i))));
            }
            CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            assertThat(fs.get(fs.size() - 1).get().seq()).isEqualTo(20_000);
            var batches = j.registry().get("courtyard.journal.batch.size").summary();
            assertThat(batches.count()).as("batches").isLessThan(20_000 / 10);
            assertThat(batches.totalAmount()).isEqualTo(20_000);
        }
    }

    @Test
    void aFullBatchClosesWithoutWaitingOutItsWindow() throws Exception {
        // A window of a second and batches of ten: the writer naps through the window but looks at
        // the queue between naps, so ten appends commit long before the second is over.
        JournalConfig config = windowed(10, Duration.ofSeconds(1));
        try (TestJournal j = TestJournal.open(dir, config)) {
            Instant now = Instant.now();
            long t0 = System.nanoTime();
            List<CompletableFuture<JournalEvent>> fs = statuses(j, now, 10);
            CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(900));
            assertThat(fs.get(9).get().seq()).isEqualTo(10);

            // One more event alone waits for its window to close, then commits.
            long t1 = System.nanoTime();
            j.journal()
                    .append(EventDraft.at("d", now, SampleEvents.numbered(EventKind.DEVICE, 10)))
                    .get(20, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - t1)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        }
    }

    @Test
    void aBatchAnswersItsAccessDecisionsFirst() throws Exception {
        // One batch (a window of a second): monitor statuses around one access decision. All are
        // durable at once; the decision's future completes first, the rest in their order.
        JournalConfig config = windowed(1000, Duration.ofSeconds(1));
        try (TestJournal j = TestJournal.open(dir, config)) {
            Instant now = Instant.now();
            List<Long> completed = java.util.Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<JournalEvent>> fs = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                EventKind kind = i == 4 ? EventKind.ACCESS : EventKind.DEVICE;
                CompletableFuture<JournalEvent> f =
                        j.journal().append(EventDraft.at("d", now, SampleEvents.numbered(kind, i)));
                fs.add(f.whenComplete((e, err) -> completed.add(e.seq())));
            }
            CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

            assertThat(groupCommits(j)).as("one group commit").isEqualTo(1);
            assertThat(completed).containsExactly(5L, 1L, 2L, 3L, 4L, 6L, 7L);
        }
    }

    @Test
    void anAccessDecisionClosesItsBatchAfterTheShorterAccessWindow() throws Exception {
        // A batch window of 3 s, an access window of 300 ms. Monitor statuses open a batch; a
        // decision 500 ms later closes it 300 ms after its own append, statuses and all, in one
        // commit; statuses alone then wait out the whole 3 s.
        JournalConfig config = new JournalConfig(
                Synchronous.FULL,
                1000,
                Duration.ofSeconds(3),
                Duration.ofMillis(300),
                TestJournal.DEFAULT_QUOTA,
                Duration.ofDays(90),
                JournalConfig.RealtimeWriter.OFF);
        try (TestJournal j = TestJournal.open(dir, config)) {
            Instant now = Instant.now();
            long t0 = System.nanoTime();
            List<CompletableFuture<JournalEvent>> fs = statuses(j, now, 3);
            sleepUntil(t0 + TimeUnit.MILLISECONDS.toNanos(500));
            long decided = System.nanoTime();
            fs.add(j.journal().append(EventDraft.at("d", now, SampleEvents.numbered(EventKind.ACCESS, 3))));
            CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

            assertThat(Duration.ofNanos(System.nanoTime() - decided))
                    .isBetween(Duration.ofMillis(300), Duration.ofMillis(2000));
            assertThat(groupCommits(j)).as("one group commit").isEqualTo(1);

            long t1 = System.nanoTime();
            j.journal()
                    .append(EventDraft.at("d", now, SampleEvents.numbered(EventKind.DEVICE, 4)))
                    .get(20, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - t1)).isGreaterThanOrEqualTo(Duration.ofMillis(3000));
        }
    }

    @Test
    void anEventQueuedBehindACommitHasItsWindowRunningAlready() throws Exception {
        // A window of 2 s. Another connection holds SQLite's write lock, so the first event's batch
        // waits in its commit; the second event arrives meanwhile. Its window opened with its
        // append: it commits 2 s after it, not 2 s after the first batch's commit came through.
        JournalConfig config = windowed(1000, Duration.ofSeconds(2));
        try (TestJournal j = TestJournal.open(dir, config);
                var blocker = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("courtyard.db"));
                var st = blocker.createStatement()) {
            Instant now = Instant.now();
            st.execute("BEGIN IMMEDIATE");
            long t0 = System.nanoTime();
            CompletableFuture<JournalEvent> first =
                    j.journal().append(EventDraft.at("d", now, SampleEvents.numbered(EventKind.DEVICE, 1)));
            sleepUntil(t0 + TimeUnit.MILLISECONDS.toNanos(2400)); // its window is over, its commit waits
            long appended = System.nanoTime();
            CompletableFuture<JournalEvent> second =
                    j.journal().append(EventDraft.at("d", now, SampleEvents.numbered(EventKind.DEVICE, 2)));
            sleepUntil(t0 + TimeUnit.MILLISECONDS.toNanos(3400));
            assertThat(first).as("held by the other connection's lock").isNotDone();
            st.execute("COMMIT");

            JournalEvent firstEvent = first.get(20, TimeUnit.SECONDS);
            JournalEvent secondEvent = second.get(20, TimeUnit.SECONDS);
            Duration waited = Duration.ofNanos(System.nanoTime() - appended);
            assertThat(secondEvent.seq()).isEqualTo(firstEvent.seq() + 1);
            // Counted from the writer taking it, its window would close 3 s after its append.
            assertThat(waited).isBetween(Duration.ofMillis(2000), Duration.ofMillis(2700));
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        for (long left = nanos - System.nanoTime(); left > 0; left = nanos - System.nanoTime()) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    @Test
    void sequenceNumbersContinueAcrossRestartEvenWhenRowsWereDeleted() throws Exception {
        long last;
        try (TestJournal j = TestJournal.open(dir)) {
            last = j.append(EventKind.ACCESS, "e1").seq();
        }
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("courtyard.db"));
                var st = c.createStatement()) {
            st.executeUpdate("DELETE FROM events");
        }
        try (TestJournal j = TestJournal.open(dir)) {
            assertThat(j.append(EventKind.ACCESS, "e1").seq()).isEqualTo(last + 1);
        }
    }

    @Test
    void sinkReadsBacklogInOrderAndResumesFromItsCursorAfterRestart() throws Exception {
        try (TestJournal j = TestJournal.open(dir, "mqtt")) {
            for (int i = 1; i <= 10; i++) {
                j.append("g", SampleEvents.numbered(EventKind.ACCESS, i));
            }
            List<JournalEvent> got = j.source("mqtt").next(4, 0);
            assertThat(got).extracting(JournalEvent::seq).containsExactly(1L, 2L, 3L, 4L);
            assertThat(got).extracting(e -> SampleEvents.number(e.event())).containsExactly(1L, 2L, 3L, 4L);
            assertThat(got).extracting(e -> SampleEvents.number(e.event())).containsExactly(1L, 2L, 3L, 4L);
            assertThat(j.source("mqtt").next(4, 0))
                    .extracting(JournalEvent::seq)
                    .containsExactly(5L, 6L, 7L, 8L);
            j.source("mqtt").ack(1, 2, 3, 4, 6); // 5 never acknowledged
            assertThat(j.source("mqtt").pending()).isEqualTo(5);
        }
        try (TestJournal j = TestJournal.open(dir, "mqtt")) {
            assertThat(j.source("mqtt").pending()).isEqualTo(5);
            assertThat(j.source("mqtt").next(100, 0))
                    .extracting(JournalEvent::seq)
                    .containsExactly(5L, 7L, 8L, 9L, 10L);
        }
    }

    @Test
    void eachSinkHasItsOwnCursor() throws Exception {
        try (TestJournal j = TestJournal.open(dir, "mqtt", "influx")) {
            j.append(EventKind.RIDE, "e");
            j.append(EventKind.RIDE, "e");
            j.source("mqtt")
                    .ack(j.source("mqtt").next(10, 0).stream()
                            .mapToLong(JournalEvent::seq)
                            .toArray());
            assertThat(j.source("mqtt").pending()).isZero();
            assertThat(j.source("influx").pending()).isEqualTo(2);
            assertThat(j.source("influx").next(10, 0)).hasSize(2);
        }
    }

    @Test
    void alarmsJumpTheBacklogAndAreNotSentTwice() throws Exception {
        try (TestJournal j = TestJournal.open(dir, "mqtt")) {
            for (int i = 0; i < 50; i++) {
                j.append(EventKind.DEVICE, "m");
            }
            JournalEvent alarm = j.append(EventKind.ALARM, "elevator-1-1");
            List<JournalEvent> first = j.source("mqtt").next(5, 0);
            assertThat(first.get(0).seq()).isEqualTo(alarm.seq());
            assertThat(first).extracting(JournalEvent::seq).containsExactly(alarm.seq(), 1L, 2L, 3L, 4L);
            j.source("mqtt").ack(alarm.seq());
            List<JournalEvent> rest = new ArrayList<>();
            List<JournalEvent> batch;
            while (!(batch = j.source("mqtt").next(20, 0)).isEmpty()) {
                rest.addAll(batch);
            }
            assertThat(rest)
                    .extracting(JournalEvent::seq)
                    .doesNotContain(alarm.seq())
                    .hasSize(46);
        }
        try (TestJournal j = TestJournal.open(dir, "mqtt")) {
            // The alarm was acknowledged ahead of the cursor: a restart must not send it again.
            assertThat(j.source("mqtt").next(100, 0))
                    .extracting(JournalEvent::kind)
                    .doesNotContain(EventKind.ALARM)
                    .hasSize(50);
        }
    }

    @Test
    void rangesAcknowledgedAheadAreStoredUntilTheCursorReachesThemAndThenRemoved() throws Exception {
        try (TestJournal j = TestJournal.open(dir, "mqtt")) {
            for (int i = 0; i < 4; i++) {
                j.append(EventKind.ACCESS, "g");
            }
            EventSource mqtt = j.source("mqtt");
            assertThat(mqtt.next(10, 0)).hasSize(4);
            mqtt.ack(3);
            j.append(EventKind.ACCESS, "g"); // its commit writes the moved cursor
            assertThat(storedAhead(j)).isEqualTo(1);
            mqtt.ack(1, 2);
            j.append(EventKind.ACCESS, "g");
            assertThat(storedAhead(j)).as("merged into the cursor").isZero();
            mqtt.ack(4);
            j.append(EventKind.ACCESS, "g");
            assertThat(storedAhead(j)).isZero();
        }
        try (TestJournal j = TestJournal.open(dir, "mqtt")) {
            assertThat(j.source("mqtt").next(10, 0))
                    .extracting(JournalEvent::seq)
                    .containsExactly(5L, 6L, 7L);
        }
    }

    private static long storedAhead(TestJournal j) throws Exception {
        try (var c = j.database().connect();
                var st = c.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*) FROM sink_ahead WHERE sink = 'mqtt'")) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    @Test
    void rewindHandsOutUnacknowledgedEventsAgain() throws Exception {
        try (TestJournal j = TestJournal.open(dir, "mqtt")) {
            j.append(EventKind.ACCESS, "g");
            j.append(EventKind.ACCESS, "g");
            assertThat(j.source("mqtt").next(10, 0)).hasSize(2);
            j.source("mqtt").ack(1);
            assertThat(j.source("mqtt").next(10, 0)).isEmpty();
            j.source("mqtt").rewind();
            assertThat(j.source("mqtt").next(10, 0))
                    .extracting(JournalEvent::seq)
                    .containsExactly(2L);
        }
    }

    @Test
    void nextWaitsForNewEventsInsteadOfSpinning() throws Exception {
        try (TestJournal j = TestJournal.open(dir, "mqtt")) {
            CompletableFuture<List<JournalEvent>> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return j.source("mqtt").next(10, 5000);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(100); // let the reader block first: this test is about waking it up
            j.append(EventKind.ACCESS, "e");
            assertThat(waiting.get(3, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    @Test
    void deviceTimeIsKeptAsReported() throws Exception {
        try (TestJournal j = TestJournal.open(dir, "mqtt")) {
            Instant deviceTime = Instant.parse("2026-03-01T08:15:30.123456Z");
            j.journal()
                    .append(new EventDraft("e", deviceTime, Instant.now(), SampleEvents.of(EventKind.RIDE)))
                    .get();
            assertThat(j.source("mqtt").next(1, 0).get(0).ts()).isEqualTo(deviceTime);
        }
    }

    @Test
    void theProducerGetsTheEventAsAReaderWill() throws Exception {
        // Nanoseconds that the row's microseconds cannot hold, at both times.
        Instant deviceTime = Instant.parse("2026-03-01T08:15:30.123456789Z");
        Instant received = Instant.parse("2026-03-01T08:15:30.987654321Z");
        JournalEvent appended;
        try (TestJournal j = TestJournal.open(dir, "mqtt")) {
            appended = j.journal()
                    .append(new EventDraft("e", deviceTime, received, SampleEvents.of(EventKind.RIDE)))
                    .get();
        }
        // After a restart the reader reads the row (a reader keeping up gets this very instance).
        try (TestJournal j = TestJournal.open(dir, "mqtt")) {
            JournalEvent read = j.source("mqtt").next(1, 0).get(0);
            assertThat(read).isNotSameAs(appended).isEqualTo(appended);
            assertThat(appended.ts()).isEqualTo(read.ts()).isEqualTo("2026-03-01T08:15:30.123456Z");
            assertThat(appended.receivedAt()).isEqualTo(read.receivedAt()).isEqualTo("2026-03-01T08:15:30.987654Z");
            assertThat(appended.id()).isEqualTo(read.id());
            assertThat(appended.body()).isEqualTo(read.body());
        }
    }

    private static long groupCommits(TestJournal j) {
        return j.registry().get("courtyard.journal.batch.size").summary().count();
    }

    /** {@code n} device statuses numbered from 0, appended at once; their futures. */
    private static List<CompletableFuture<JournalEvent>> statuses(TestJournal j, Instant at, int n) {
        List<CompletableFuture<JournalEvent>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fs.add(j.journal().append(EventDraft.at("d", at, SampleEvents.numbered(EventKind.DEVICE, i))));
        }
        return fs;
    }

    /** synchronous=FULL, batches of at most {@code max} events closing {@code window} after their first. */
    private static JournalConfig windowed(int max, Duration window) {
        return new JournalConfig(Synchronous.FULL, max, window, TestJournal.DEFAULT_QUOTA, Duration.ofDays(90));
    }
}
