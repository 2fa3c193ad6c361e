package io.courtyard.uplink;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.Envelope;
import io.courtyard.journal.event.EventCodec;
import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.InfluxTarget;
import io.courtyard.journal.event.Privacy;
import io.courtyard.journal.event.Tag;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

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
 * <p>What becomes a tag or a field is declared by the event records ({@link Tag}, {@link Privacy}):
 * {@code site} and {@code device} are tags, {@code seq} (integer) and {@code id} (string) fields,
 * then each declared tag, and every other numeric or boolean member as a field. Personal data is
 * never written, neither as tag nor as field. Tag values are sanitised (control characters and
 * backslashes become {@code _}, at most {@value #MAX_TAG_LENGTH} characters) because the client
 * escapes commas, spaces and equals signs but not a trailing backslash, which would swallow the
 * next separator. Numbers are written as floats: InfluxDB fixes a field's type per shard, and a
 * producer writing {@code 1} once and {@code 1.5} later would get every following batch rejected
 * with a type conflict. Text that is not a tag, lists and objects are not written; they stay in
 * the journal and on the MQTT uplink.
 */
public final class InfluxPoints {
    /** Written with nanosecond precision; see the class comment for the timestamp layout. */
    public static final WritePrecision PRECISION = WritePrecision.NS;

    static final int MAX_TAG_LENGTH = 64;

    private static final long NANOS_PER_MILLI = 1_000_000L;
    // InfluxDB's own bounds (models.MinNanoTime / MaxNanoTime): the extreme longs are sentinels.
    private static final long MIN_NANOS = Long.MIN_VALUE + 2;
    private static final long MAX_NANOS = Long.MAX_VALUE - 1;

    private final String siteId;

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
                .addTag(Envelope.SITE_TAG, tagValue(siteId))
                .addTag(Envelope.DEVICE.wire(), tagValue(e.deviceId()))
                .addField(Envelope.SEQ.wire(), e.seq())
                .addField(Envelope.ID.wire(), e.id())
                .time(nanos.getAsLong(), PRECISION);
        EventCodec.influx(e.event(), new InfluxTarget() {
            @Override
            public void tag(String name, String value) {
                String v = tagValue(value);
                if (!v.isEmpty()) {
                    p.addTag(name, v);
                }
            }

            @Override
            public void field(String name, double value) {
                p.addField(name, value);
            }

            @Override
            public void field(String name, boolean value) {
                p.addField(name, value);
            }
        });
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
}
