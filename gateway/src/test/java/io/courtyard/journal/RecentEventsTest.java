package io.courtyard.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.EventType;
import io.courtyard.testsupport.SampleEvents;
import io.courtyard.testsupport.TestJournal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers close behind the writer get its own events from memory; one further behind reads the
 * table, and where one way meets the other nothing is skipped or handed out twice.
 */
@Timeout(60)
class RecentEventsTest {
    @TempDir
    Path dir;

    @Test
    void aReaderFarBehindReadsTheTableThenCatchesUpOnTheWritersOwnEvents() throws Exception {
        int total = RecentEvents.CAPACITY + 700;
        int later = 300;
        try (TestJournal j = TestJournal.open(dir, "mqtt", "usage")) {
            Map<Long, JournalEvent> appended = appendDevice(j, total);
            EventSource mqtt = j.source("mqtt");
            List<Long> seqs = new ArrayList<>();
            List<Long> fromMemory = new ArrayList<>();
            readAll(mqtt, appended, seqs, fromMemory);
            // Both readers were beyond memory's reach while these were committed: none was kept.
            assertThat(fromMemory).isEmpty();
            // Now within reach, the reader gets the writer's next events from memory.
            appended.putAll(appendDevice(j, later));
            readAll(mqtt, appended, seqs, fromMemory);
            assertThat(seqs)
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, total + later).boxed().toList());
            assertThat(fromMemory)
                    .containsExactlyElementsOf(LongStream.rangeClosed(total + 1, total + later)
                            .boxed()
                            .toList());

            // A projection's reads, types filtered, cross the same boundary.
            EventSource usage = j.source("usage");
            List<Long> handed = new ArrayList<>();
            EventSource.Stretch s;
            while (!(s = usage.nextInOrder(300, 0, Set.of(EventType.DEVICE_STATUS))).isEmpty()) {
                for (long seq : s.seqs()) {
                    handed.add(seq);
                }
            }
            assertThat(handed).containsExactlyElementsOf(seqs);
        }
    }

    @Test
    void aReaderBeyondMemorysReachHoldsNothingThere() throws Exception {
        try (TestJournal j = TestJournal.open(dir, "mqtt", "usage")) {
            EventSource usage = j.source("usage");
            // The uplink reads nothing (its broker is down) and falls further behind than memory holds.
            appendDevice(j, RecentEvents.CAPACITY + 100);
            drain(usage, 500);
            long read = j.journal().lastDurableSeq();
            appendDevice(j, 1); // the next commit lets go of what every reader within reach has passed
            for (long seq = read - 50; seq <= read; seq++) {
                assertThat(j.journal().recent(seq))
                        .as("seq %d, read by the one reader within reach", seq)
                        .isNull();
            }
            assertThat(j.journal().recent(read + 1)).as("not read yet").isNotNull();

            // The far reader still gets every event, from the table.
            List<Long> all = drain(j.source("mqtt"), 997);
            assertThat(all)
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, read + 1).boxed().toList());
        }
    }

    @Test
    void aReaderWithinReachKeepsWhatItHasNotRead() throws Exception {
        try (TestJournal j = TestJournal.open(dir, "mqtt", "usage")) {
            appendDevice(j, 100);
            drain(j.source("usage"), 50);
            appendDevice(j, 1);
            // mqtt, 101 behind, is within reach: everything it has not read stays in memory.
            for (long seq = 1; seq <= 101; seq++) {
                assertThat(j.journal().recent(seq)).as("seq %d", seq).isNotNull();
            }
        }
    }

    @Test
    void alarmsInMemoryJumpTheBacklogOnceAndAgainAfterARewind() throws Exception {
        try (TestJournal j = TestJournal.open(dir, "mqtt")) {
            EventSource mqtt = j.source("mqtt");
            appendDevice(j, 30);
            long first = j.append(EventKind.ALARM, "elevator-1-1").seq();
            appendDevice(j, 30);
            long second = j.append(EventKind.ALARM, "elevator-1-2").seq();
            appendDevice(j, 30);

            assertThat(mqtt.next(4, 0)).extracting(JournalEvent::seq).containsExactly(first, second, 1L, 2L);
            List<Long> rest = drain(mqtt, 7);
            assertThat(rest).doesNotContain(first, second).hasSize(88);

            long third = j.append(EventKind.ALARM, "elevator-1-3").seq();
            appendDevice(j, 5);
            // The pointer is past every earlier alarm: the new one goes first, then the backlog.
            assertThat(mqtt.next(3, 0)).extracting(JournalEvent::seq).containsExactly(third, third + 1, third + 2);

            mqtt.ack(second); // acknowledged ahead of the cursor: never handed out again
            mqtt.rewind();
            List<Long> again = drain(mqtt, 11);
            assertThat(again.subList(0, 2)).containsExactly(first, third);
            assertThat(again)
                    .doesNotContain(second)
                    .hasSize((int) third + 5 - 1)
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void aReaderWaitingForTheNextCommitGetsItFromMemory() throws Exception {
        try (TestJournal j = TestJournal.open(dir, "mqtt")) {
            EventSource mqtt = j.source("mqtt");
            CompletableFuture<List<JournalEvent>> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return mqtt.next(10, 5000);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(100);
            JournalEvent appended = j.append(EventKind.ACCESS, "north-gate");
            assertThat(waiting.get(3, TimeUnit.SECONDS)).singleElement().isSameAs(appended);
        }
    }

    @Test
    void eventsEveryReaderHasPassedAreLetGoAndASlotALapAheadIsNeitherTakenNorCleared() {
        RecentEvents recent = new RecentEvents();
        List<JournalEvent> batch = new ArrayList<>();
        for (long seq = 1; seq <= 10; seq++) {
            batch.add(event(seq));
        }
        recent.committed(batch);
        recent.release(4);
        assertThat(recent.get(4)).isNull();
        assertThat(recent.get(5)).isSameAs(batch.get(4));

        JournalEvent lapAhead = event(5 + RecentEvents.CAPACITY);
        recent.committed(List.of(lapAhead));
        assertThat(recent.get(5)).as("its slot holds another seq now").isNull();
        recent.release(6);
        assertThat(recent.get(5 + RecentEvents.CAPACITY)).isSameAs(lapAhead);
        assertThat(recent.get(6)).isNull();
        assertThat(recent.get(7)).isSameAs(batch.get(6));
    }

    @Test
    void aReaderThatRewindsBehindWhatWasLetGoReadsTheTable() throws Exception {
        try (TestJournal j = TestJournal.open(dir, "mqtt")) {
            EventSource mqtt = j.source("mqtt");
            JournalEvent first = j.append(EventKind.ACCESS, "north-gate");
            assertThat(mqtt.next(10, 0)).singleElement().isSameAs(first);
            JournalEvent second = j.append(EventKind.ACCESS, "north-gate"); // its commit lets the first go
            mqtt.rewind();
            List<JournalEvent> again = mqtt.next(10, 0);
            assertThat(again).containsExactly(first, second);
            assertThat(again.get(0))
                    .as("from the table, which also gives the rest of that read")
                    .isNotSameAs(first);
            JournalEvent third = j.append(EventKind.ACCESS, "north-gate");
            assertThat(mqtt.next(10, 0)).singleElement().isSameAs(third);
        }
    }

    private static JournalEvent event(long seq) {
        Instant t = Instant.parse("2026-03-01T08:15:30Z");
        return new JournalEvent(seq, "s-" + seq, "m", t, t, SampleEvents.numbered(EventKind.DEVICE, (int) seq));
    }

    private static void readAll(EventSource s, Map<Long, JournalEvent> appended, List<Long> seqs, List<Long> fromMemory)
            throws InterruptedException {
        List<JournalEvent> batch;
        while (!(batch = s.next(97, 0)).isEmpty()) {
            for (JournalEvent e : batch) {
                seqs.add(e.seq());
                assertThat(e).isEqualTo(appended.get(e.seq()));
                if (e == appended.get(e.seq())) {
                    fromMemory.add(e.seq());
                }
            }
        }
    }

    private static Map<Long, JournalEvent> appendDevice(TestJournal j, int n) throws Exception {
        List<CompletableFuture<JournalEvent>> fs = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) {
            fs.add(j.journal().append(EventDraft.at("m" + (i % 5), now, SampleEvents.numbered(EventKind.DEVICE, i))));
        }
        Map<Long, JournalEvent> bySeq = new HashMap<>();
        for (CompletableFuture<JournalEvent> f : fs) {
            JournalEvent e = f.get(20, TimeUnit.SECONDS);
            bySeq.put(e.seq(), e);
        }
        return bySeq;
    }

    private static List<Long> drain(EventSource s, int chunk) throws InterruptedException {
        List<Long> seqs = new ArrayList<>();
        List<JournalEvent> batch;
        while (!(batch = s.next(chunk, 0)).isEmpty()) {
            batch.forEach(e -> seqs.add(e.seq()));
        }
        return seqs;
    }
}
