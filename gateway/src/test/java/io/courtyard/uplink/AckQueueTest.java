package io.courtyard.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.courtyard.journal.event.EventKind;
import io.courtyard.testsupport.ListEventSource;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AckQueueTest {
    @Test
    void queuedAcksReachTheJournalTogetherOnFlush() throws Exception {
        ListEventSource source = new ListEventSource("upstream", "s-1");
        for (int i = 0; i < 5; i++) {
            source.add(EventKind.ACCESS, "gate");
        }
        source.next(5, 0);
        AckQueue q = new AckQueue();
        q.add(new long[] {2, 3});
        q.add(new long[] {5});
        assertEquals(5, source.pending(), "queued is not acknowledged yet");
        assertEquals(3, q.flushTo(source));
        assertEquals(new TreeSet<>(List.of(2L, 3L, 5L)), source.acked());
        assertEquals(0, q.flushTo(source), "a flush empties the queue");
    }
}
