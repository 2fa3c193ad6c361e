package io.courtyard.journal;

import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.EventKind;
import java.time.Instant;

/**
 * A durable event: what every sink forwards and every projection reads.
 *
 * @param seq the gateway sequence number: dense, increasing, never reused after it was durable
 * @param id globally unique: {@code {siteId}-{instance}-{seq}}, so upstream can deduplicate
 */
public record JournalEvent(long seq, String id, String deviceId, Instant ts, Instant receivedAt, Event event) {
    public EventKind kind() {
        return event.kind();
    }
}
