package io.courtyard.journal;

import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.EventType;
import io.courtyard.journal.event.Unreadable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One sink's view of the journal: it reads what it has not been handed yet and acknowledges
 * what the upstream accepted. Only acknowledgements move the durable cursor.
 */
public interface EventSource {
    /** The sink this view belongs to; names its cursor. */
    String sink();

    /**
     * Up to {@code max} events not yet handed to this sink: unsent urgent events first, then the
     * backlog in sequence order. Blocks up to {@code waitMillis} when nothing is pending.
     */
    List<JournalEvent> next(int max, long waitMillis) throws InterruptedException;

    /**
     * Up to {@code max} events not yet handed out, strictly in sequence order (urgent events get
     * no head start): for projections, whose tables must follow the journal's order. Blocks up to
     * {@code waitMillis} when nothing is pending. A view is read one way or the other, not both.
     */
    List<JournalEvent> nextInOrder(int max, long waitMillis) throws InterruptedException;

    /**
     * Like {@link #nextInOrder(int, long)}, for a reader of a few types in a busy journal (a
     * projection): only the events of {@code types} are decoded and returned, and every event
     * handed out, read or passed over, is in {@link Stretch#seqs()} to be acknowledged. Decoding
     * is most of the cost of reading, and most events mean nothing to a given projection. Rows
     * that cannot be read as their type still arrive, as {@link Unreadable}; rows written before
     * types were stored are decoded to learn theirs.
     */
    default Stretch nextInOrder(int max, long waitMillis, Set<EventType> types) throws InterruptedException {
        List<JournalEvent> all = nextInOrder(max, waitMillis);
        List<JournalEvent> read = new ArrayList<>();
        long[] seqs = new long[all.size()];
        for (int i = 0; i < seqs.length; i++) {
            JournalEvent e = all.get(i);
            seqs[i] = e.seq();
            if (Stretch.wanted(e.event(), types)) {
                read.add(e);
            }
        }
        return new Stretch(seqs, read);
    }

    /**
     * Events handed out in sequence order.
     *
     * @param seqs every event handed out, ascending; empty when nothing was pending
     * @param events those among them of the types asked for, decoded, in sequence order
     */
    record Stretch(long[] seqs, List<JournalEvent> events) {
        /** Whether a decoded event goes to a reader of {@code types}: one of them, or unreadable. */
        static boolean wanted(Event e, Set<EventType> types) {
            return e instanceof Unreadable || types.contains(e.eventType());
        }

        public boolean isEmpty() {
            return seqs.length == 0;
        }

        public long last() {
            return seqs[seqs.length - 1];
        }
    }

    /** The upstream accepted these events; they will not be handed out again, even after a restart. */
    void ack(long... seqs);

    /**
     * Acknowledges events whose cursor the reader has already written itself, through the last of
     * {@code seqs}, in the transaction that used them (a projection): the same as {@link #ack},
     * minus a write of the cursor by the journal's writer, which would only compete with the
     * reader's next transaction for SQLite's one write lock.
     */
    default void ackCommitted(long... seqs) {
        ack(seqs);
    }

    /** Hands every unacknowledged event out again (after a lost connection whose in-flight messages died). */
    void rewind();

    /** Events not yet acknowledged by this sink. */
    long pending();
}
