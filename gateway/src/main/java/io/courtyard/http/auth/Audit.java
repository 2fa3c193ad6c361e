package io.courtyard.http.auth;

import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventSink;
import io.courtyard.journal.event.Event;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Journals what operators do (device {@code operators}) and waits until it is durable: an action
 * whose audit record cannot be written is not answered as done.
 */
public final class Audit {
    public static final String DEVICE = "operators";
    private static final long DURABLE_WITHIN_SECONDS = 10;

    private final EventSink journal;
    private final Clock clock;

    public Audit(EventSink journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    public void record(Event e) throws InterruptedException {
        try {
            journal.append(EventDraft.at(DEVICE, clock.instant(), e)).get(DURABLE_WITHIN_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("audit record not durable: " + e, ex);
        }
    }
}
