package io.courtyard.journal.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one codec of event bodies: the journal's writer encodes with it, its reader decodes with it,
 * the sinks write upstream members and InfluxDB values with it and logs describe events with it,
 * each seeing what the fields' {@link Privacy} allows. A body is a JSON object of the record's
 * members in declaration order, nulls left out, the same text the upstream payload carries after
 * its envelope.
 */
public final class EventCodec {
    /** No source in parse locations: a body's problem is reported with the row, and copying it costs every read. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private EventCodec() {}

    /** Fails on what the journal must never store: a required member missing, a reader's placeholder. */
    public static void check(Event e) {
        if (e instanceof Unreadable) {
            throw new IllegalArgumentException("an unreadable event is never appended");
        }
        EventType type = e.eventType();
        if (!type.kinds().contains(e.kind())) {
            throw new IllegalArgumentException(type.wire() + " is published as " + type.kinds() + ", not " + e.kind());
        }
        type.shape().check(e);
    }

    /** The body the journal stores. */
    public static String encode(Event e) {
        if (e instanceof Unreadable) {
            throw new IllegalArgumentException("an unreadable event is never appended");
        }
        return write(e, Audience.JOURNAL);
    }

    /** The body the journal holds for {@code e}: its encoding, or an unreadable event's stored text. */
    public static String stored(Event e) {
        return e instanceof Unreadable u ? u.body() : encode(e);
    }

    /**
     * The event's own members for the upstream payload, after the envelope: everything but
     * {@link Privacy#LOCAL}; an unreadable event as its stored text, {@code "body": "..."}.
     *
     * @param stored the body the journal holds for {@code e}. When its type has no local member,
     *     the stored members are exactly the upstream ones (the journal's writer encoded them, or
     *     the release before wrote them and they decoded strictly as this type), and are copied
     *     as they are rather than encoded again: the MQTT sink's thread does this for every event.
     */
    public static void writeUpstream(JsonGenerator g, Event e, String stored) throws IOException {
        if (e instanceof Unreadable u) {
            g.writeStringField("body", u.body());
            return;
        }
        Shape shape = e.eventType().shape();
        if (stored == null || shape.holdsBack()) {
            shape.writeMembers(g, e, Audience.UPSTREAM);
            return;
        }
        String t = stored.strip();
        if (t.length() > 2) {
            g.writeRaw(',');
            g.writeRaw(t, 1, t.length() - 2);
        }
    }

    /** The event's InfluxDB tags and fields, as its record declares them. */
    public static void influx(Event e, InfluxTarget target) {
        if (!(e instanceof Unreadable)) {
            e.eventType().shape().influx(e, target);
        }
    }

    /** For a log line: the type and its members, personal data masked. */
    public static String describe(Event e) {
        if (e instanceof Unreadable u) {
            return "unreadable " + u.kind().topic() + " event (" + u.problem() + ")";
        }
        return e.eventType().wire() + " " + write(e, Audience.LOG);
    }

    /**
     * The stored event, never an exception: a body that does not match becomes {@link Unreadable}.
     *
     * @param storedType the type column; null for rows written before it existed, which are
     *     recognised by their members (every type of their kind is tried, strictly)
     */
    public static Event decode(EventKind kind, String storedType, String body) {
        if (storedType == null) {
            return legacy(kind, body);
        }
        EventType type = EventType.named(storedType);
        if (type == null || type == EventType.UNREADABLE) {
            return new Unreadable(kind, storedType, body, "unknown event type " + storedType);
        }
        if (!type.kinds().contains(kind)) {
            return new Unreadable(kind, storedType, body, storedType + " is not published as " + kind.topic());
        }
        try {
            return read(type, kind, body);
        } catch (BodyException | IOException e) {
            return new Unreadable(kind, storedType, body, e.getMessage());
        }
    }

    private static Event legacy(EventKind kind, String body) {
        for (EventType type : EventType.values()) {
            if (type == EventType.UNREADABLE) {
                continue;
            }
            try {
                if (type.kinds().contains(kind)) {
                    return read(type, kind, body);
                }
            } catch (BodyException | IOException e) {
                // Not this type: the next one may match.
            }
        }
        return new Unreadable(kind, null, body, "matches no " + kind.topic() + " event type");
    }

    private static Event read(EventType type, EventKind kind, String body) throws IOException, BodyException {
        try (JsonParser p = JSON.createParser(body)) {
            p.nextToken();
            Object e = type.shape().read(p, kind);
            if (p.nextToken() != null) {
                throw new BodyException("content after the body's object");
            }
            return (Event) e;
        }
    }

    private static String write(Event e, Audience audience) {
        // Jackson's recycled buffers, as ObjectMapper.writeValueAsString: the journal's writer
        // encodes every event, and fresh buffers per body would be most of what it allocates.
        try (SegmentedStringWriter out = new SegmentedStringWriter(JSON._getBufferRecycler())) {
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                e.eventType().shape().writeMembers(g, e, audience);
                g.writeEndObject();
            }
            return out.getAndClear();
        } catch (IOException ex) {
            throw new UncheckedIOException("writing JSON to memory", ex);
        }
    }
}
