package io.courtyard.uplink;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT uplink's meters, declared once here (name, unit, description, the {@code sink} tag).
 * The sink updates plain counters and atomics; {@link #bindTo} exposes them, so the state exists
 * whether or not a registry is bound.
 */
public final class UplinkMetrics implements MeterBinder {
    public static final String CONNECTED = "courtyard.uplink.connected";
    public static final String PUBLISHED = "courtyard.uplink.published";
    public static final String MESSAGES = "courtyard.uplink.messages";
    public static final String PENDING = "courtyard.uplink.pending";
    public static final String INFLIGHT = "courtyard.uplink.inflight";
    public static final String INFLIGHT_STALLS = "courtyard.uplink.inflight.stalls";
    public static final String DRAIN_RATE = "courtyard.uplink.drain.rate";
    public static final String DRAIN_ETA = "courtyard.uplink.drain.eta";
    public static final String CONNECTS = "courtyard.uplink.connects";
    public static final String DISCONNECTS = "courtyard.uplink.disconnects";
    public static final String REWINDS = "courtyard.uplink.rewinds";
    public static final String REJECTED = "courtyard.uplink.rejected";
    public static final String UNROUTED = "courtyard.uplink.unrouted";
    public static final String BODY_INVALID = "courtyard.uplink.body.invalid";
    public static final String OVERSIZE = "courtyard.uplink.oversize";

    private static final Logger log = LoggerFactory.getLogger(UplinkMetrics.class);

    private final String sink;
    private final Tags tags;
    private final AtomicLong lastUnreadableLog = new AtomicLong();
    final AtomicInteger connected = new AtomicInteger();
    final LongAdder published = new LongAdder();
    final LongAdder messages = new LongAdder();
    final AtomicLong pending = new AtomicLong();
    final AtomicInteger inflight = new AtomicInteger();
    final LongAdder stalls = new LongAdder();
    final LongAdder connectOk = new LongAdder();
    final LongAdder connectFailed = new LongAdder();
    final LongAdder disconnects = new LongAdder();
    final LongAdder rewinds = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder unrouted = new LongAdder();
    final LongAdder bodyInvalid = new LongAdder();
    final LongAdder oversize = new LongAdder();
    private volatile double drainRate;
    private volatile double drainEta;

    public UplinkMetrics(String sink) {
        this.sink = sink;
        this.tags = Tags.of("sink", sink);
    }

    @Override
    public void bindTo(MeterRegistry r) {
        gauge(r, CONNECTED, connected, "1 while the broker connection is up", null);
        counter(r, PUBLISHED, published, Tags.empty(), "events the broker acknowledged (PUBACK)", "events");
        counter(r, MESSAGES, messages, Tags.empty(), "MQTT messages the broker acknowledged", "messages");
        gauge(r, PENDING, pending, "events in the journal not yet acknowledged upstream", "events");
        gauge(r, INFLIGHT, inflight, "messages published and awaiting PUBACK", "messages");
        counter(r, INFLIGHT_STALLS, stalls, Tags.empty(), "times a publish waited for the in-flight window", null);
        Gauge.builder(DRAIN_RATE, this, m -> m.drainRate)
                .tags(tags)
                .baseUnit("events/s")
                .description("acknowledged events per second, smoothed")
                .register(r);
        Gauge.builder(DRAIN_ETA, this, m -> m.drainEta)
                .tags(tags)
                .baseUnit("seconds")
                .description("time to drain the backlog at the current rate; 0 when there is none")
                .register(r);
        counter(r, CONNECTS, connectOk, Tags.of("outcome", "success"), "connection attempts", null);
        counter(r, CONNECTS, connectFailed, Tags.of("outcome", "failure"), "connection attempts", null);
        counter(r, DISCONNECTS, disconnects, Tags.empty(), "connections lost or dropped by us", null);
        counter(r, REWINDS, rewinds, Tags.empty(), "times unacknowledged events were handed out again", null);
        counter(r, REJECTED, rejected, Tags.empty(), "events the broker refused (PUBACK reason >= 0x80)", "events");
        counter(
                r,
                UNROUTED,
                unrouted,
                Tags.empty(),
                "events the broker accepted with no subscriber to route them to (PUBACK 0x10)",
                "events");
        counter(
                r,
                BODY_INVALID,
                bodyInvalid,
                Tags.empty(),
                "stored events of no declared type, forwarded as text",
                "events");
        counter(
                r,
                OVERSIZE,
                oversize,
                Tags.empty(),
                "events larger than any message, sent as their envelope and size (the event stays in the journal)",
                "events");
    }

    private void gauge(MeterRegistry r, String name, Number n, String description, String unit) {
        Gauge.builder(name, n, Number::doubleValue)
                .tags(tags)
                .description(description)
                .baseUnit(unit)
                .register(r);
    }

    private void counter(MeterRegistry r, String name, LongAdder a, Tags extra, String description, String unit) {
        FunctionCounter.builder(name, a, LongAdder::doubleValue)
                .tags(tags.and(extra))
                .description(description)
                .baseUnit(unit)
                .register(r);
    }

    void drain(double rate, double eta) {
        this.drainRate = rate;
        this.drainEta = eta;
    }

    public long publishedEvents() {
        return published.sum();
    }

    public long publishedMessages() {
        return messages.sum();
    }

    public boolean isConnected() {
        return connected.get() == 1;
    }

    public long stalls() {
        return stalls.sum();
    }

    public long rewinds() {
        return rewinds.sum();
    }

    /** Events the broker acknowledged but had no subscriber for: upstream did not store them. */
    public long unroutedEvents() {
        return unrouted.sum();
    }

    public long connectFailures() {
        return connectFailed.sum();
    }

    /** Counts unreadable events and logs them, at most one line a minute: a corrupt journal must not flood the log. */
    UplinkJson.Anomalies anomalies() {
        return event -> {
            bodyInvalid.increment();
            long now = System.nanoTime();
            long last = lastUnreadableLog.get();
            if ((last == 0 || now - last >= TimeUnit.MINUTES.toNanos(1))
                    && lastUnreadableLog.compareAndSet(last, now)) {
                log.warn(
                        "uplink {}: seq {} forwarded as its stored text, {} so far: {}",
                        sink,
                        event.seq(),
                        bodyInvalid.sum(),
                        event.event());
            }
        };
    }
}
