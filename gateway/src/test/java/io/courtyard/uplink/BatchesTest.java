package io.courtyard.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.EventKind;
import io.courtyard.testsupport.SampleEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {
    private static JournalEvent e(long seq, EventKind kind) {
        return new JournalEvent(seq, "s-" + seq, "d", Instant.EPOCH, Instant.EPOCH, SampleEvents.of(kind));
    }

    private static List<List<Long>> seqs(List<List<JournalEvent>> groups) {
        List<List<Long>> out = new ArrayList<>();
        for (List<JournalEvent> g : groups) {
            out.add(g.stream().map(JournalEvent::seq).toList());
        }
        return out;
    }

    @Test
    void batchSizeOneKeepsThePullOrderOneEventPerMessage() {
        var pull = List.of(e(9, EventKind.ALARM), e(1, EventKind.ACCESS), e(2, EventKind.RIDE));
        assertEquals(List.of(List.of(9L), List.of(1L), List.of(2L)), seqs(Batches.group(pull, 1)));
    }

    @Test
    void eventsAreGroupedPerTopicInOrderOfFirstAppearanceKeepingOrderWithinATopic() {
        var pull = List.of(
                e(9, EventKind.ALARM),
                e(1, EventKind.ACCESS),
                e(2, EventKind.RIDE),
                e(3, EventKind.ACCESS),
                e(4, EventKind.RIDE),
                e(5, EventKind.ACCESS));
        assertEquals(List.of(List.of(9L), List.of(1L, 3L, 5L), List.of(2L, 4L)), seqs(Batches.group(pull, 10)));
    }

    @Test
    void aTopicsRunIsCutAtBatchSize() {
        List<JournalEvent> pull = new ArrayList<>();
        for (long s = 1; s <= 7; s++) {
            pull.add(e(s, EventKind.DEVICE));
        }
        assertEquals(List.of(List.of(1L, 2L, 3L), List.of(4L, 5L, 6L), List.of(7L)), seqs(Batches.group(pull, 3)));
    }

    @Test
    void anEmptyPullMakesNoMessages() {
        assertEquals(List.of(), Batches.group(List.of(), 5));
    }
}
