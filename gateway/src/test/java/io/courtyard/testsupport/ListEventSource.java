package io.courtyard.testsupport;

import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventSource;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.EventKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An in-memory {@link EventSource} for sink unit tests: same contract as the journal's view
 * (urgent first, then backlog; acks are final; rewind re-hands everything unacked).
 */
public final class ListEventSource implements EventSource {
    private final String sink;
    private final String idPrefix;
    private final TreeMap<Long, JournalEvent> unacked = new TreeMap<>();
    // Not yet handed out, urgent ones apart: next() takes from the heads, so a pull costs
    // O(max log n) rather than a scan of everything unacknowledged (the outage test holds 100,000).
    private final TreeMap<Long, JournalEvent> unhandedUrgent = new TreeMap<>();
    private final TreeMap<Long, JournalEvent> unhanded = new TreeMap<>();
    private final TreeSet<Long> acked = new TreeSet<>();
    private final List<JournalEvent> all = new ArrayList<>();
    private long nextSeq = 1;

    public ListEventSource(String sink, String idPrefix) {
        this.sink = sink;
        this.idPrefix = idPrefix;
    }

    public synchronized JournalEvent add(EventDraft d) {
        long seq = nextSeq++;
        JournalEvent e = new JournalEvent(seq, idPrefix + "-" + seq, d.deviceId(), d.ts(), d.receivedAt(), d.event());
        unacked.put(seq, e);
        all.add(e);
        (e.kind().urgent() ? unhandedUrgent : unhanded).put(seq, e);
        notifyAll();
        return e;
    }

    public JournalEvent add(String device, Event event) {
        return add(EventDraft.at(device, Instant.now(), event));
    }

    /** Adds a sample event published on {@code kind}. */
    public JournalEvent add(EventKind kind, String device) {
        return add(device, SampleEvents.of(kind));
    }

    /** Every event ever added, in sequence order. */
    public synchronized List<JournalEvent> all() {
        return List.copyOf(all);
    }

    @Override
    public String sink() {
        return sink;
    }

    @Override
    public List<JournalEvent> nextInOrder(int max, long waitMillis) {
        throw new UnsupportedOperationException("sink tests read urgent events first");
    }

    @Override
    public synchronized List<JournalEvent> next(int max, long waitMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (true) {
            List<JournalEvent> out = new ArrayList<>();
            while (out.size() < max && !unhandedUrgent.isEmpty()) {
                out.add(unhandedUrgent.pollFirstEntry().getValue());
            }
            while (out.size() < max && !unhanded.isEmpty()) {
                out.add(unhanded.pollFirstEntry().getValue());
            }
            long left = deadline - System.currentTimeMillis();
            if (!out.isEmpty() || left <= 0) {
                return out;
            }
            wait(left);
        }
    }

    @Override
    public synchronized void ack(long... seqs) {
        for (long s : seqs) {
            if (unacked.remove(s) != null) {
                acked.add(s);
            }
            unhandedUrgent.remove(s);
            unhanded.remove(s);
        }
        notifyAll();
    }

    @Override
    public synchronized void rewind() {
        unhandedUrgent.clear();
        unhanded.clear();
        for (JournalEvent e : unacked.values()) {
            (e.kind().urgent() ? unhandedUrgent : unhanded).put(e.seq(), e);
        }
        notifyAll();
    }

    @Override
    public synchronized long pending() {
        return unacked.size();
    }

    public synchronized TreeSet<Long> acked() {
        return new TreeSet<>(acked);
    }
}
