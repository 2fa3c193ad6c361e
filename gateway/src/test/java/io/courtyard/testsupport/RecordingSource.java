package io.courtyard.testsupport;

import io.courtyard.journal.EventSource;
import io.courtyard.journal.JournalEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wraps a sink's journal view and remembers, for each event, the position of its latest hand-out
 * to the sink: a test can then tell what the sink had not even been given when an alarm reached it.
 */
public final class RecordingSource implements EventSource {
    private final EventSource delegate;
    private final Map<Long, Long> handedAt = new ConcurrentHashMap<>();
    private long handed;

    public RecordingSource(EventSource delegate) {
        this.delegate = delegate;
    }

    @Override
    public String sink() {
        return delegate.sink();
    }

    @Override
    public List<JournalEvent> next(int max, long waitMillis) throws InterruptedException {
        return record(delegate.next(max, waitMillis));
    }

    @Override
    public List<JournalEvent> nextInOrder(int max, long waitMillis) throws InterruptedException {
        return record(delegate.nextInOrder(max, waitMillis));
    }

    private synchronized List<JournalEvent> record(List<JournalEvent> out) {
        for (JournalEvent e : out) {
            handedAt.put(e.seq(), handed++);
        }
        return out;
    }

    /** Position of the event's latest hand-out, or -1 if never handed. */
    public long handedAt(long seq) {
        return handedAt.getOrDefault(seq, -1L);
    }

    @Override
    public void ack(long... seqs) {
        delegate.ack(seqs);
    }

    @Override
    public void rewind() {
        delegate.rewind();
    }

    @Override
    public long pending() {
        return delegate.pending();
    }
}
