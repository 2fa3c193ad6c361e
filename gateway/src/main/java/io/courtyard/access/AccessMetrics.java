package io.courtyard.access;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The access engine's meters, declared in one place. Every reason's counter is registered up
 * front, so that a dashboard sees a zero rather than a missing series, and the hot path only
 * increments a counter it already holds.
 */
public final class AccessMetrics implements MeterBinder {
    public static final String DECISIONS = "courtyard.access.decisions";
    public static final String DECISION_LATENCY = "courtyard.access.decision";
    public static final String JOURNAL_FAILURES = "courtyard.access.journal.failures";
    public static final String LIST_VERSION = "courtyard.access.list.version";
    public static final String LIST_ENTRIES = "courtyard.access.list.credentials";
    public static final String LIST_LOAD = "courtyard.access.list.load";
    public static final String OCCUPANCY = "courtyard.access.zone.occupancy";
    public static final String EMERGENCY = "courtyard.access.emergency";

    private final Supplier<AccessSnapshot> snapshot;
    private final AccessState state;
    private final Map<Reason, Counter> decisions = new EnumMap<>(Reason.class);
    private final AtomicLong loadMillis = new AtomicLong();
    private Timer latency;
    private Counter journalFailures;

    public AccessMetrics(Supplier<AccessSnapshot> snapshot, AccessState state) {
        this.snapshot = snapshot;
        this.state = state;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Reason r : Reason.values()) {
            decisions.put(
                    r,
                    Counter.builder(DECISIONS)
                            .description("Access decisions by outcome and reason")
                            .tag("outcome", r.grants() ? "grant" : "deny")
                            .tag("reason", r.code())
                            .register(registry));
        }
        latency = Timer.builder(DECISION_LATENCY)
                .description("Time to decide one request, stateful rules included, journal excluded")
                .publishPercentiles(0.5, 0.99, 0.999)
                .distributionStatisticExpiry(Duration.ofMinutes(2))
                .register(registry);
        journalFailures = Counter.builder(JOURNAL_FAILURES)
                .description("Decision events the journal could not make durable; the decision stood")
                .baseUnit("events")
                .register(registry);
        Gauge.builder(LIST_VERSION, snapshot, s -> s.get().version())
                .description("Version of the access list decisions read; 0 before the first one")
                .strongReference(true)
                .register(registry);
        Gauge.builder(LIST_ENTRIES, snapshot, s -> s.get().list().credentials().size())
                .description("Holder credentials in the access list")
                .strongReference(true)
                .register(registry);
        TimeGauge.builder(LIST_LOAD, loadMillis, TimeUnit.MILLISECONDS, AtomicLong::get)
                .description("Time the last startup took to load the access list from SQLite and index it")
                .register(registry);
        snapshot.get().site().zones().keySet().forEach(z -> Gauge.builder(OCCUPANCY, state, s -> s.occupancy(z))
                .description("Vehicles inside a parking zone by anti-passback position")
                .tag("zone", z)
                .register(registry));
        for (EmergencyMode m : EmergencyMode.values()) {
            Gauge.builder(EMERGENCY, state, s -> s.emergency().active().containsKey(m) ? 1 : 0)
                    .description("1 while an emergency mode is in force")
                    .tag("mode", m.tag())
                    .register(registry);
        }
    }

    void decided(Reason reason, long nanos) {
        decisions.get(reason).increment();
        latency.record(nanos, TimeUnit.NANOSECONDS);
    }

    void journalFailed() {
        journalFailures.increment();
    }

    void loaded(long millis) {
        loadMillis.set(millis);
    }
}
