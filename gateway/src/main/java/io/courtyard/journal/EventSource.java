package io.courtyard.journal;

import java.util.List;

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

    /** The upstream accepted these events; they will not be handed out again, even after a restart. */
    void ack(long... seqs);

    /** Hands every unacknowledged event out again (after a lost connection whose in-flight messages died). */
    void rewind();

    /** Events not yet acknowledged by this sink. */
    long pending();
}
