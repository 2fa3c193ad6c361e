package io.courtyard.uplink;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
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
        JsonNode body = parseBody(e);
        if (body == null) {
            // Keep the text rather than lose the event or block the cursor behind it.
            g.writeStringField("body", e.body());
        } else {
            writeBodyFields(g, e, body);
        }
        g.writeEndObject();
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

    private JsonNode parseBody(JournalEvent e) {
        try {
            JsonNode node = mapper.readTree(e.body());
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException ex) {
            // fall through: reported below
        }
        anomalies.invalidBody(e);
        return null;
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
