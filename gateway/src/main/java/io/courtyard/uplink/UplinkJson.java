package io.courtyard.uplink;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.journal.JournalEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps journal events to the upstream JSON payloads documented in {@code docs/upstream-mqtt.md}.
 *
 * <p>An event is one object: the envelope ({@code id}, {@code seq}, {@code kind}, {@code device},
 * {@code ts}, {@code receivedAt}) followed by the body's own fields. A body key that collides with
 * an envelope key is a producer bug; it is renamed to {@code body_<key>} rather than dropped or
 * allowed to overwrite the envelope, because refusing the event would block the sink's cursor.
 */
public final class UplinkJson {
    /** Keys the envelope owns; a body may not override them. */
    public static final Set<String> ENVELOPE = Set.of("id", "seq", "kind", "device", "ts", "receivedAt");

    static final String RENAME_PREFIX = "body_";

    /** What the mapper had to repair; the sink counts both in metrics. */
    public interface Anomalies {
        Anomalies NONE = new Anomalies() {
            @Override
            public void renamedKey(JournalEvent event, String key) {}

            @Override
            public void invalidBody(JournalEvent event) {}
        };

        void renamedKey(JournalEvent event, String key);

        void invalidBody(JournalEvent event);
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final Anomalies anomalies;

    public UplinkJson(Anomalies anomalies) {
        this.anomalies = anomalies;
    }

    public UplinkJson() {
        this(Anomalies.NONE);
    }

    /** One event as a JSON object (the payload when batching is off). */
    public byte[] event(JournalEvent e) {
        return write(g -> writeEvent(g, e));
    }

    /** Several events of one topic as a JSON array, oldest first (the payload when batching is on). */
    public byte[] batch(List<JournalEvent> events) {
        return write(g -> {
            g.writeStartArray();
            for (JournalEvent e : events) {
                writeEvent(g, e);
            }
            g.writeEndArray();
        });
    }

    /**
     * The retained status message. {@code tsField} names the time field: {@code ts} when the
     * status is asserted now, {@code onlineSince} for the Last Will, which the broker publishes
     * later on our behalf.
     */
    public byte[] status(String status, String reason, String tsField, Instant ts, String version) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("status", status);
            if (reason != null) {
                g.writeStringField("reason", reason);
            }
            g.writeStringField(tsField, ts.toString());
            g.writeStringField("version", version);
            g.writeEndObject();
        });
    }

    private void writeEvent(JsonGenerator g, JournalEvent e) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", e.id());
        g.writeNumberField("seq", e.seq());
        g.writeStringField("kind", e.kind().topic());
        g.writeStringField("device", e.deviceId());
        // Instant.toString is ISO-8601 in UTC; the device's time is kept as reported, never "now".
        g.writeStringField("ts", e.ts().toString());
        g.writeStringField("receivedAt", e.receivedAt().toString());
        switch (scan(e.body())) {
            case PLAIN -> spliceBody(g, e.body());
            case COLLIDES -> writeBodyFields(g, e, mapper.readTree(e.body()));
            case INVALID -> {
                // Keep the text rather than lose the event or block the cursor behind it.
                anomalies.invalidBody(e);
                g.writeStringField("body", e.body());
            }
        }
        g.writeEndObject();
    }

    private enum Body {
        PLAIN,
        COLLIDES,
        INVALID
    }

    /**
     * One streaming pass over the body, no tree: is it a single valid JSON object, and does a
     * top-level key collide with the envelope? Most bodies are plain and are then copied as text.
     */
    private Body scan(String body) {
        boolean collides = false;
        try (JsonParser p = mapper.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Body.INVALID;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                collides |= ENVELOPE.contains(p.currentName());
                p.nextToken();
                p.skipChildren();
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return Body.INVALID;
            }
        } catch (IOException ex) {
            return Body.INVALID;
        }
        return collides ? Body.COLLIDES : Body.PLAIN;
    }

    /** Appends a validated object's members after the envelope's, as they are. */
    private static void spliceBody(JsonGenerator g, String body) throws IOException {
        String t = body.strip();
        String members = t.substring(1, t.length() - 1).strip();
        if (!members.isEmpty()) {
            g.writeRaw(',');
            g.writeRaw(members);
        }
    }

    private void writeBodyFields(JsonGenerator g, JournalEvent e, JsonNode body) throws IOException {
        Set<String> taken = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String key = f.getKey();
            if (ENVELOPE.contains(key)) {
                if (taken == null) {
                    taken = new HashSet<>(ENVELOPE);
                    body.fieldNames().forEachRemaining(taken::add);
                }
                String renamed = RENAME_PREFIX + key;
                while (!taken.add(renamed)) {
                    renamed = RENAME_PREFIX + renamed;
                }
                anomalies.renamedKey(e, key);
                key = renamed;
            }
            g.writeFieldName(key);
            mapper.writeTree(g, f.getValue());
        }
    }

    private interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    private byte[] write(Writer w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            w.write(g);
        } catch (IOException ex) {
            throw new UncheckedIOException("writing JSON to memory", ex);
        }
        return out.toByteArray();
    }
}
