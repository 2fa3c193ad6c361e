package io.courtyard.uplink;

import io.courtyard.journal.EventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * PUBACKed sequence numbers on their way to the journal. Paho's callback thread only queues them;
 * the sink's thread hands them over in one {@link EventSource#ack} per round, so a journal that
 * writes its cursor to disk does so once per round, never on Paho's thread.
 */
final class AckQueue {
    private final Queue<long[]> queue = new ConcurrentLinkedQueue<>();

    void add(long[] seqs) {
        queue.add(seqs);
    }

    /** Acknowledges everything queued so far; returns how many events that was. */
    int flushTo(EventSource source) {
        if (queue.isEmpty()) {
            return 0;
        }
        List<long[]> parts = new ArrayList<>();
        int n = 0;
        for (long[] p; (p = queue.poll()) != null; ) {
            parts.add(p);
            n += p.length;
        }
        long[] all = new long[n];
        int i = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, all, i, p.length);
            i += p.length;
        }
        source.ack(all);
        return n;
    }
}
