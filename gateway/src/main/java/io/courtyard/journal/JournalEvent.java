package io.courtyard.journal;

import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.EventCodec;
import io.courtyard.journal.event.EventKind;
import java.time.Instant;

/**
 * A durable event: what every sink forwards and every projection reads.
 *
 * @param seq the gateway sequence number: dense, increasing, never reused after it was durable
 * @param id globally unique: {@code {siteId}-{instance}-{seq}}, so upstream can deduplicate
 * @param event the record, decoded from {@code body}
 * @param body the body as the journal stores it, which the MQTT sink sends as it is when the
 *     type has nothing to hold back ({@link EventCodec#writeUpstream})
 */
public record JournalEvent(
        long seq, String id, String deviceId, Instant ts, Instant receivedAt, Event event, String body) {

    /** An event whose stored body is the codec's encoding of {@code event}. */
    public JournalEvent(long seq, String id, String deviceId, Instant ts, Instant receivedAt, Event event) {
        this(seq, id, deviceId, ts, receivedAt, event, EventCodec.stored(event));
    }

    public EventKind kind() {
        return event.kind();
    }
}
