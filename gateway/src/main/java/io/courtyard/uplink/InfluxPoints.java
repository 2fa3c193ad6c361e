package io.courtyard.uplink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import io.courtyard.journal.EventKind;
import io.courtyard.journal.JournalEvent;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps journal events to InfluxDB points: one measurement per {@link EventKind}, a few bounded
 * tags, numeric and boolean body values as fields.
 *
 * <p>Idempotence. InfluxDB identifies a point by its series key (measurement plus the sorted tag
 * set) and its timestamp; writing a point whose series key and timestamp already exist replaces
 * the field values instead of adding a second point. Everything here is a pure function of the
 * event, so an event redelivered after a crash or a lost acknowledgement produces the very same
 * series key, timestamp and fields, and overwrites itself: counts and sums over the bucket stay
 * exact. Nothing may therefore depend on the time of writing.
 *
 * <p>Timestamp, nanosecond precision: the device's {@code ts} truncated to the millisecond, plus
 * {@code seq mod 1,000,000} nanoseconds. Devices often report whole seconds, so two distinct
 * events of one device with the same tags can share a millisecond; with the bare device time the
 * second would silently overwrite the first. The sub-millisecond offset keeps them apart while
 * staying deterministic (a redelivery has the same seq) and never moves a point out of its
 * device millisecond. Two events collide only if their seqs differ by a multiple of a million
 * within one device millisecond.
 *
 * <p>Tags are only the keys listed per kind in {@link #TAG_KEYS} (all of bounded cardinality:
 * decisions, reasons, floors, fault codes, states), plus {@code site} and {@code device}. Values
 * are sanitised (control characters and backslashes become {@code _}, at most
 * {@value #MAX_TAG_LENGTH} characters) because the client escapes commas, spaces and equals signs
 * but not a trailing backslash, which would swallow the next separator. Personal data
 * ({@link #PERSONAL_KEYS}: card numbers, plates) is never written, neither as tag nor as field.
 *
 * <p>Fields: {@code seq} (integer), {@code id} (string) and every other top-level numeric or
 * boolean body value. Numbers are written as floats whatever their JSON spelling: InfluxDB fixes a
 * field's type per shard, and a producer writing {@code 1} once and {@code 1.5} later would get
 * every following batch rejected with a type conflict. Strings outside the tag list, nested
 * objects and arrays are not written; they stay in the journal and on the MQTT uplink.
 */
public final class InfluxPoints {
    /** Written with nanosecond precision; see the class comment for the timestamp layout. */
    public static final WritePrecision PRECISION = WritePrecision.NS;

    static final int MAX_TAG_LENGTH = 64;

    /** Body keys that become tags, per kind; every one of them has a small, bounded set of values. */
    static final Map<EventKind, Set<String>> TAG_KEYS = Map.of(
            EventKind.ACCESS, Set.of("decision", "reason", "direction", "credentialType", "door"),
            EventKind.RIDE, Set.of("elevator", "floor", "fromFloor", "toFloor"),
            EventKind.FAULT, Set.of("code", "state", "severity", "elevator"),
            EventKind.DEVICE, Set.of("state", "type", "door", "direction", "mode"),
            EventKind.ALARM, Set.of("alarm", "type", "state", "elevator", "door"));

    /** Personal data that never leaves for the TSDB (privacy), whatever its type. */
    static final Set<String> PERSONAL_KEYS =
            Set.of("card", "cardNumber", "credential", "plate", "plateNumber", "household", "name", "phone");

    /** Envelope names: the event record owns them, a body key of the same name is ignored. */
    private static final Set<String> RESERVED_KEYS = Set.of("id", "seq", "kind", "device", "site", "ts", "receivedAt");

    private static final Pattern FIELD_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final long NANOS_PER_MILLI = 1_000_000L;
    // InfluxDB's own bounds (models.MinNanoTime / MaxNanoTime): the extreme longs are sentinels.
    private static final long MIN_NANOS = Long.MIN_VALUE + 2;
    private static final long MAX_NANOS = Long.MAX_VALUE - 1;

    private final String siteId;
    private final ObjectMapper json = new ObjectMapper();

    public InfluxPoints(String siteId) {
        this.siteId = siteId;
    }

    /**
     * The event's point, or empty when its device time lies outside what InfluxDB can store
     * (1677-09-21 to 2262-04-11 in nanoseconds): a broken device clock, not a point to invent a time for.
     */
    public Optional<Point> toPoint(JournalEvent e) {
        OptionalLong nanos = timestampNanos(e.ts(), e.seq());
        if (nanos.isEmpty()) {
            return Optional.empty();
        }
        Point p = Point.measurement(e.kind().topic())
                .addTag("site", tagValue(siteId))
                .addTag("device", tagValue(e.deviceId()))
                .addField("seq", e.seq())
                .addField("id", e.id())
                .time(nanos.getAsLong(), PRECISION);
        JsonNode body = parse(e.body());
        Set<String> tagKeys = TAG_KEYS.get(e.kind());
        for (Map.Entry<String, JsonNode> f : body.properties()) {
            String key = f.getKey();
            JsonNode v = f.getValue();
            if (RESERVED_KEYS.contains(key)
                    || PERSONAL_KEYS.contains(key)
                    || !FIELD_KEY.matcher(key).matches()) {
                continue;
            }
            if (tagKeys.contains(key)) {
                addTag(p, key, v);
            } else if (v.isNumber()) {
                p.addField(key, v.doubleValue());
            } else if (v.isBoolean()) {
                p.addField(key, v.booleanValue());
            }
        }
        return Optional.of(p);
    }

    /** Device time to the millisecond plus {@code seq mod 10^6} ns: deterministic and collision-free per device. */
    static OptionalLong timestampNanos(Instant ts, long seq) {
        try {
            long nanos = Math.addExact(
                    Math.multiplyExact(ts.toEpochMilli(), NANOS_PER_MILLI), Math.floorMod(seq, NANOS_PER_MILLI));
            return nanos >= MIN_NANOS && nanos <= MAX_NANOS ? OptionalLong.of(nanos) : OptionalLong.empty();
        } catch (ArithmeticException tooFar) {
            return OptionalLong.empty();
        }
    }

    /** A tag value safe for line protocol and bounded in length; empty when nothing usable is left. */
    static String tagValue(String raw) {
        StringBuilder sb = new StringBuilder(Math.min(raw.length(), MAX_TAG_LENGTH));
        raw.codePoints().limit(MAX_TAG_LENGTH).forEach(cp -> {
            if (cp == '\\' || Character.isISOControl(cp)) {
                sb.append('_');
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString().strip();
    }

    private static void addTag(Point p, String key, JsonNode v) {
        String text;
        if (v.isNumber()) {
            // 5 and 5.0 must land in the same series.
            text = v.decimalValue().stripTrailingZeros().toPlainString();
        } else if (v.isTextual() || v.isBoolean()) {
            text = v.asText();
        } else {
            return;
        }
        String value = tagValue(text);
        if (!value.isEmpty()) {
            p.addTag(key, value);
        }
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = json.readTree(body);
            // A body that is not an object still gets its envelope point; the journal keeps the original.
            return node != null && node.isObject() ? node : json.createObjectNode();
        } catch (JsonProcessingException ex) {
            return json.createObjectNode();
        }
    }
}
