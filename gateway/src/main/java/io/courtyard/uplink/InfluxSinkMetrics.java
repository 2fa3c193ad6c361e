package io.courtyard.uplink;

import io.courtyard.journal.EventSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The InfluxDB sink's meters, declared in one place: what was written, what failed, what waits. */
final class InfluxSinkMetrics {
    static final String WRITTEN = "courtyard.uplink.influx.written";
    static final String FAILURES = "courtyard.uplink.influx.failures";
    static final String UNWRITABLE = "courtyard.uplink.influx.unwritable";
    static final String PENDING = "courtyard.uplink.influx.pending";
    static final String LAST_SUCCESS_AGE = "courtyard.uplink.influx.last.success.age";

    /** Why an attempt failed; a bounded tag so that an alert can tell a dead link from a rejected batch. */
    enum Cause {
        /** Connection refused, reset or timed out. */
        UNREACHABLE,
        /** HTTP 4xx: token, bucket, payload or field-type problem that a retry alone will not fix. */
        REJECTED,
        /** HTTP 5xx: the server is up but cannot take the write now. */
        SERVER,
        /** The journal could not hand out events or record an acknowledgement; written ones are rewritten. */
        JOURNAL;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Counter written;
    private final Counter unwritable;
    private final Map<Cause, Counter> failures = new EnumMap<>(Cause.class);
    private final AtomicLong lastSuccessMillis;
    private final Clock clock;

    InfluxSinkMetrics(MeterRegistry registry, EventSource source, Clock clock) {
        this.clock = clock;
        this.lastSuccessMillis = new AtomicLong(clock.millis());
        this.written = Counter.builder(WRITTEN)
                .description("Events written to InfluxDB and acknowledged in the journal")
                .baseUnit("events")
                .register(registry);
        this.unwritable = Counter.builder(UNWRITABLE)
                .description("Events acknowledged without a point: device time outside InfluxDB's range")
                .baseUnit("events")
                .register(registry);
        for (Cause c : Cause.values()) {
            failures.put(
                    c,
                    Counter.builder(FAILURES)
                            .description("Failed write attempts; each one rewinds the batch")
                            .tag("cause", c.tag())
                            .register(registry));
        }
        Gauge.builder(PENDING, source, EventSource::pending)
                .description("Journal events not yet acknowledged by the InfluxDB sink")
                .baseUnit("events")
                .strongReference(true)
                .register(registry);
        // Counted from construction, so a sink that never succeeded shows a growing age, not zero.
        TimeGauge.builder(
                        LAST_SUCCESS_AGE, lastSuccessMillis, TimeUnit.MILLISECONDS, last -> clock.millis() - last.get())
                .description("Time since the last successful write")
                .strongReference(true)
                .register(registry);
    }

    void written(int events) {
        written.increment(events);
        lastSuccessMillis.set(clock.millis());
    }

    void unwritable() {
        unwritable.increment();
    }

    void failed(Cause cause) {
        failures.get(cause).increment();
    }
}
