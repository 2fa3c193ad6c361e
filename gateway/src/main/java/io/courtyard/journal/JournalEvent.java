package io.courtyard.journal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.EventCodec;
import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.Unreadable;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * A durable event: what every sink forwards and every projection reads.
 *
 * <p>An event read from the journal decodes its body on the first call of {@link #event()}: the MQTT
 * sink reads every row and, for most types, sends the stored body as it is after checking it
 * ({@link #writeUpstream}), so building the record would be wasted on its thread.
 */
public final class JournalEvent {
    private final long seq;
    private final String id;
    private final String deviceId;
    private final Instant ts;
    private final Instant receivedAt;
    private final EventKind kind;
    /** The journal's type column; null for a row written before it. */
    private final String storedType;

    private final String body;
    /**
     * The record, decoded from {@code body} when first asked for. Left unsynchronized: decoding
     * is deterministic and the record immutable, so a second thread at worst decodes it again.
     */
    private Event event;

    /**
     * @param seq the gateway sequence number: dense, increasing, never reused after it was durable
     * @param id globally unique: {@code {siteId}-{instance}-{seq}}, so upstream can deduplicate
     * @param event the record
     * @param body the body as the journal stores it
     */
    public JournalEvent(
            long seq, String id, String deviceId, Instant ts, Instant receivedAt, Event event, String body) {
        this(seq, id, deviceId, ts, receivedAt, event.kind(), storedType(event), body);
        this.event = event;
    }

    /** An event whose stored body is the codec's encoding of {@code event}. */
    public JournalEvent(long seq, String id, String deviceId, Instant ts, Instant receivedAt, Event event) {
        this(seq, id, deviceId, ts, receivedAt, event, EventCodec.stored(event));
    }

    /** A row as the journal holds it, its body decoded when first needed. */
    JournalEvent(
            long seq,
            String id,
            String deviceId,
            Instant ts,
            Instant receivedAt,
            EventKind kind,
            String storedType,
            String body) {
        this.seq = seq;
        this.id = id;
        this.deviceId = deviceId;
        this.ts = ts;
        this.receivedAt = receivedAt;
        this.kind = kind;
        this.storedType = storedType;
        this.body = body;
    }

    private static String storedType(Event e) {
        return e instanceof Unreadable u ? u.storedType() : e.eventType().wire();
    }

    public long seq() {
        return seq;
    }

    public String id() {
        return id;
    }

    public String deviceId() {
        return deviceId;
    }

    public Instant ts() {
        return ts;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    public EventKind kind() {
        return kind;
    }

    /** The record; a body that does not read as its type is an {@link Unreadable}, never an exception. */
    public Event event() {
        Event e = event;
        if (e == null) {
            e = EventCodec.decode(kind, storedType, body);
            event = e;
        }
        return e;
    }

    /** The body as the journal stores it. */
    public String body() {
        return body;
    }

    /**
     * Writes the event's members for the upstream payload, after the envelope: the stored body
     * as it is when its type holds nothing back and the body checks out as that type ({@link
     * EventCodec#copyUpstream}, which builds no record), else the record's members ({@link
     * EventCodec#writeUpstream}).
     *
     * @return false when the body is unreadable and went as its text
     */
    public boolean writeUpstream(JsonGenerator g) throws IOException {
        if (EventCodec.copyUpstream(g, kind, storedType, body)) {
            return true;
        }
        Event e = event();
        EventCodec.writeUpstream(g, e);
        return !(e instanceof Unreadable);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JournalEvent other
                && seq == other.seq
                && Objects.equals(id, other.id)
                && Objects.equals(deviceId, other.deviceId)
                && Objects.equals(ts, other.ts)
                && Objects.equals(receivedAt, other.receivedAt)
                && Objects.equals(event(), other.event())
                && Objects.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seq, id, deviceId, ts, receivedAt, event(), body);
    }

    @Override
    public String toString() {
        return "JournalEvent[seq=" + seq + ", id=" + id + ", deviceId=" + deviceId + ", ts=" + ts + ", receivedAt="
                + receivedAt + ", event=" + event() + "]";
    }
}
