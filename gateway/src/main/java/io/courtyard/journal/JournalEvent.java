package io.courtyard.journal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.EventCodec;
import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.Unreadable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * A durable event: what every sink forwards and every projection reads.
 *
 * <p>An event read from the journal holds its body as the UTF-8 bytes SQLite returns, makes text
 * of them on the first call of {@link #body()} and decodes them on the first call of {@link
 * #event()}: the MQTT sink reads every row and, for most types, sends the stored bytes as they are
 * after checking them ({@link #writeUpstream}), so text and record would be wasted on its thread.
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

    /** The body as text; for a row, made from {@code utf8} when first asked for (same reasoning as {@code event}). */
    private String body;
    /** A row's body as SQLite holds it, UTF-8; null for an event made in memory. */
    private final byte[] utf8;
    /**
     * The record, decoded from {@code body} when first asked for. Left unsynchronized: decoding
     * is deterministic and the record immutable, so a second thread at worst decodes it again.
     */
    private Event event;
    /**
     * Whether {@code body} is the codec's encoding of {@code event}, made in this process (the
     * writer's own events, which a sink keeping up gets from memory): nothing on disk could have
     * changed it, so it goes upstream without being read again.
     */
    private final boolean encodedHere;

    /**
     * @param seq the gateway sequence number: dense, increasing, never reused after it was durable
     * @param id globally unique: {@code {siteId}-{instance}-{seq}}, so upstream can deduplicate
     * @param event the record
     * @param body the body as the journal stores it
     */
    public JournalEvent(
            long seq, String id, String deviceId, Instant ts, Instant receivedAt, Event event, String body) {
        this(seq, id, deviceId, ts, receivedAt, event, body, false);
    }

    /** An event whose stored body is the codec's encoding of {@code event}. */
    public JournalEvent(long seq, String id, String deviceId, Instant ts, Instant receivedAt, Event event) {
        this(seq, id, deviceId, ts, receivedAt, event, EventCodec.stored(event), true);
    }

    private JournalEvent(
            long seq,
            String id,
            String deviceId,
            Instant ts,
            Instant receivedAt,
            Event event,
            String body,
            boolean encodedHere) {
        this(seq, id, deviceId, ts, receivedAt, event.kind(), storedType(event), body, null, encodedHere);
        this.event = event;
    }

    /**
     * The journal writer's own event: {@code body} is what {@link EventCodec#encode} made of
     * {@code event} for the row just committed.
     */
    static JournalEvent appended(
            long seq, String id, String deviceId, Instant ts, Instant receivedAt, Event event, String body) {
        return new JournalEvent(seq, id, deviceId, ts, receivedAt, event, body, true);
    }

    /**
     * A row as the journal holds it ({@code body} null, {@code utf8} its body as SQLite returns
     * it), turned into text and decoded only when first needed; or an event made in memory
     * ({@code utf8} null).
     *
     * @param encodedHere whether {@code body} is the codec's encoding of the record, made here
     */
    JournalEvent(
            long seq,
            String id,
            String deviceId,
            Instant ts,
            Instant receivedAt,
            EventKind kind,
            String storedType,
            String body,
            byte[] utf8,
            boolean encodedHere) {
        this.seq = seq;
        this.id = id;
        this.deviceId = deviceId;
        this.ts = ts;
        this.receivedAt = receivedAt;
        this.kind = kind;
        this.storedType = storedType;
        this.body = body;
        this.utf8 = utf8;
        this.encodedHere = encodedHere;
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
            e = EventCodec.decode(kind, storedType, body());
            event = e;
        }
        return e;
    }

    /** The body as the journal stores it. */
    public String body() {
        String b = body;
        if (b == null && utf8 != null) {
            b = new String(utf8, StandardCharsets.UTF_8);
            body = b;
        }
        return b;
    }

    /** The body's size, in bytes as stored for a row and in characters otherwise: to size buffers. */
    public int bodySize() {
        return utf8 != null ? utf8.length : body == null ? 0 : body.length();
    }

    /**
     * Writes the event's members for the upstream payload, after the envelope: the stored body
     * as it is when its type holds nothing back and the body is the codec's own encoding of the
     * record ({@link EventCodec#copyEncoded}) or checks out as that type ({@link
     * EventCodec#copyUpstream}, which builds no record), else the record's members ({@link
     * EventCodec#writeUpstream}).
     *
     * @return false when the body is unreadable and went as its text
     */
    public boolean writeUpstream(JsonGenerator g) throws IOException {
        if (encodedHere && EventCodec.copyEncoded(g, event, body)) {
            return true;
        }
        byte[] stored = utf8 != null ? utf8 : body != null ? body.getBytes(StandardCharsets.UTF_8) : null;
        if (EventCodec.copyUpstream(g, kind, storedType, stored)) {
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
                && Objects.equals(body(), other.body());
    }

    @Override
    public int hashCode() {
        return Objects.hash(seq, id, deviceId, ts, receivedAt, event(), body());
    }

    @Override
    public String toString() {
        return "JournalEvent[seq=" + seq + ", id=" + id + ", deviceId=" + deviceId + ", ts=" + ts + ", receivedAt="
                + receivedAt + ", event=" + event() + "]";
    }
}
