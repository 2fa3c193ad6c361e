package io.courtyard.uplink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.Envelope;
import io.courtyard.journal.event.Instants;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * Maps journal events to the upstream JSON payloads documented in the README ("Upstream wire
 * formats"): one object per event, the {@link Envelope} members first, then the event's own
 * members as its record declares them ({@link JournalEvent#writeUpstream}). A stored body that
 * matches no declared type travels as its text, {@code "body": "..."}, and is counted.
 */
public final class UplinkJson {
    /** What the mapper met that it could not type; the sink counts it in metrics. */
    public interface Anomalies {
        Anomalies NONE = event -> {};

        void unreadable(JournalEvent event);
    }

    /** The members in wire order, once: {@code values()} copies its array on every call, here every event. */
    private static final Envelope[] ENVELOPE = Envelope.values();

    /** About what the envelope's members take with a site id and a device id of usual length. */
    private static final int ENVELOPE_BYTES = 192;

    private final JsonFactory factory = new JsonFactory();
    private final Anomalies anomalies;

    public UplinkJson(Anomalies anomalies) {
        this.anomalies = anomalies;
    }

    public UplinkJson() {
        this(Anomalies.NONE);
    }

    /** One event as a JSON object (the payload when batching is off). */
    public byte[] event(JournalEvent e) {
        return write(sizeOf(e), g -> writeEvent(g, e));
    }

    /** Several events of one topic as a JSON array, oldest first (the payload when batching is on). */
    public byte[] batch(List<JournalEvent> events) {
        int size = 2;
        for (JournalEvent e : events) {
            size += sizeOf(e);
        }
        return write(size, g -> {
            g.writeStartArray();
            for (JournalEvent e : events) {
                writeEvent(g, e);
            }
            g.writeEndArray();
        });
    }

    /**
     * The stand-in for one event too large for any message: its envelope, then {@code "oversize":
     * {"bytes": N, "limit": M}} (the event's own payload size and the largest message allowed) in
     * place of its members; inside an array when batching is on, as every message then is.
     */
    public byte[] oversize(JournalEvent e, int bytes, long limit, boolean array) {
        return write(g -> {
            if (array) {
                g.writeStartArray();
            }
            g.writeStartObject();
            writeEnvelope(g, e);
            g.writeObjectFieldStart("oversize");
            g.writeNumberField("bytes", bytes);
            g.writeNumberField("limit", limit);
            g.writeEndObject();
            g.writeEndObject();
            if (array) {
                g.writeEndArray();
            }
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
        writeEnvelope(g, e);
        if (!e.writeUpstream(g)) {
            anomalies.unreadable(e);
        }
        g.writeEndObject();
    }

    private static void writeEnvelope(JsonGenerator g, JournalEvent e) throws IOException {
        for (Envelope member : ENVELOPE) {
            g.writeFieldName(member.wire());
            switch (member) {
                case ID -> g.writeString(e.id());
                case SEQ -> g.writeNumber(e.seq());
                case KIND -> g.writeString(e.kind().topic());
                case DEVICE -> g.writeString(e.deviceId());
                    // As Instant.toString: ISO-8601 in UTC; the device's time is kept as reported, never "now".
                case TS -> g.writeString(Instants.format(e.ts()));
                case RECEIVED_AT -> g.writeString(Instants.format(e.receivedAt()));
            }
        }
    }

    private interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    private byte[] write(Writer w) {
        return write(256, w);
    }

    /**
     * An event's payload size as its body stored says, for a buffer that need not grow and copy
     * itself half a dozen times on the way to a batch of a hundred.
     */
    private static int sizeOf(JournalEvent e) {
        return ENVELOPE_BYTES + e.bodySize();
    }

    private byte[] write(int expected, Writer w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(expected);
        try (JsonGenerator g = factory.createGenerator(out)) {
            w.write(g);
        } catch (IOException ex) {
            throw new UncheckedIOException("writing JSON to memory", ex);
        }
        return out.toByteArray();
    }
}
