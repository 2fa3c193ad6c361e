package io.courtyard.journal.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

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
     */
    public static void writeUpstream(JsonGenerator g, Event e) throws IOException {
        if (e instanceof Unreadable u) {
            g.writeStringField("body", u.body());
            return;
        }
        e.eventType().shape().writeMembers(g, e, Audience.UPSTREAM);
    }

    /**
     * Copies a stored body's members upstream without decoding it, when that is exact: the type
     * column names a type published on {@code kind} that holds nothing back, and the body reads
     * strictly as that type ({@link Shape#read}, checking only: the parser passes over the text
     * of strings without copying it and nothing is built) with no member written as null, which
     * the journal's writer never does. Otherwise writes nothing and returns false, and the caller
     * decodes and writes the record ({@link #writeUpstream}): an unreadable body as its text.
     * The MQTT sink's thread does this for every event, and building records it only writes out
     * again was a tenth of its time.
     *
     * @param storedType the journal's type column; null (a row older than it) is never copied
     */
    public static boolean copyUpstream(JsonGenerator g, EventKind kind, String storedType, byte[] body)
            throws IOException {
        EventType type = storedType == null || body == null ? null : EventType.named(storedType);
        if (type == null
                || type == EventType.UNREADABLE
                || type.kind() != kind && !type.kinds().contains(kind)
                || type.shape().holdsBack()) {
            return false;
        }
        int from = skipSpace(body, 0, body.length);
        int to = trimSpace(body, from, body.length);
        // Braces at both ends: the parser then takes the bytes as UTF-8, never as UTF-16 or 32,
        // so what it checked is what goes out.
        if (to - from < 2 || body[from] != '{' || body[to - 1] != '}' || !wellFormedUtf8(body, from, to)) {
            return false;
        }
        try {
            read(type, kind, JSON.createParser(body, from, to - from), false);
        } catch (BodyException | IOException e) {
            return false;
        }
        splice(g, body, from + 1, to - 1);
        return true;
    }

    /**
     * Copies the members of a body this codec encoded from {@code e} in this process ({@link
     * #encode}) upstream as they are, when its type holds nothing back: the journal's encoding is
     * then the upstream one, and the body has been nowhere it could change, so it is not read
     * again. The MQTT sink sends most events from the writer's memory, and checking each
     * ({@link #copyUpstream}) parsed every body a second time: 522 ns and 942 bytes of garbage a
     * body against 163 ns and none ({@code UpstreamBodyBenchmark}). Otherwise writes nothing and
     * returns false.
     */
    public static boolean copyEncoded(JsonGenerator g, Event e, String body) throws IOException {
        if (e instanceof Unreadable || e.eventType().shape().holdsBack()) {
            return false;
        }
        if (body.length() > 2) { // "{}": no members, and a comma would leave the object unreadable
            g.writeRaw(',');
            g.writeRaw(body, 1, body.length() - 2);
        }
        return true;
    }

    /**
     * Whether bytes {@code from} to {@code to} are UTF-8 as RFC 3629 has it: no stray or missing
     * continuation byte, no overlong form, no surrogate, nothing past U+10FFFF. The parser lets
     * some of these through; the decode reads them as replacement characters, and a copy would
     * send them on as they are.
     */
    static boolean wellFormedUtf8(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
            if (c < 0xC2 || c > 0xF4 || to - i <= more) {
                return false;
            }
            int second = b[i + 1] & 0xFF;
            int lowest = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
            int highest = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
            if (second < lowest || second > highest) {
                return false;
            }
            for (int k = 2; k <= more; k++) {
                if ((b[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += more + 1;
        }
        return true;
    }

    /** The first index from {@code from} that is not JSON white space, or {@code to}. */
    private static int skipSpace(byte[] b, int from, int to) {
        while (from < to && isSpace(b[from])) {
            from++;
        }
        return from;
    }

    /** The end of bytes {@code from} to {@code to} without the JSON white space they end with. */
    private static int trimSpace(byte[] b, int from, int to) {
        while (to > from && isSpace(b[to - 1])) {
            to--;
        }
        return to;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    /**
     * Appends the members of a body the journal holds (bytes {@code from} to {@code to}), as they
     * are: straight to the generator's stream when it writes to one, after what the generator
     * still buffers, rather than decoded to text and encoded back.
     */
    private static void splice(JsonGenerator g, byte[] stored, int start, int end) throws IOException {
        int from = skipSpace(stored, start, end);
        int to = trimSpace(stored, from, end);
        if (from == to) {
            return; // no members: a comma would leave the object unreadable
        }
        g.writeRaw(',');
        if (g.getOutputTarget() instanceof OutputStream out) {
            g.flush();
            out.write(stored, from, to - from);
        } else {
            g.writeRaw(new String(stored, from, to - from, StandardCharsets.UTF_8));
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
            return (Event) read(type, kind, JSON.createParser(body), true);
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
                    return (Event) read(type, kind, JSON.createParser(body), true);
                }
            } catch (BodyException | IOException e) {
                // Not this type: the next one may match.
            }
        }
        return new Unreadable(kind, null, body, "matches no " + kind.topic() + " event type");
    }

    /** The record, or, unless {@code build}, only the check that the body is one ({@link Shape#read}). */
    private static Object read(EventType type, EventKind kind, JsonParser parser, boolean build)
            throws IOException, BodyException {
        try (JsonParser p = parser) {
            p.nextToken();
            Object e = type.shape().read(p, kind, build);
            if (p.nextToken() != null) {
                throw new BodyException("content after the body's object");
            }
            return e;
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
