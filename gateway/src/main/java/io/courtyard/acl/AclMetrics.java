package io.courtyard.acl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The access-list updater's meters: every message counted by result and reason, applies timed. */
public final class AclMetrics implements MeterBinder {
    public static final String UPDATES = "courtyard.acl.updates";
    public static final String APPLY = "courtyard.acl.apply";
    public static final String SNAPSHOT_REQUESTS = "courtyard.acl.snapshot.requests";
    public static final String DROPPED = "courtyard.acl.sync.dropped";

    private final Map<AclUpdater.Refusal, Counter> refused = new EnumMap<>(AclUpdater.Refusal.class);
    private Counter applied;
    private Counter duplicates;
    private Counter requests;
    private MeterRegistry registry;
    private Timer apply;

    /** Meters nobody scrapes, for the command line. */
    public static AclMetrics detached() {
        AclMetrics m = new AclMetrics();
        m.bindTo(new SimpleMeterRegistry());
        return m;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        applied = counter(registry, "applied", "none");
        duplicates = counter(registry, "duplicate", "none");
        for (AclUpdater.Refusal r : AclUpdater.Refusal.values()) {
            refused.put(r, counter(registry, "refused", r.tag()));
        }
        requests = Counter.builder(SNAPSHOT_REQUESTS)
                .description("Snapshot requests published upstream after a gap or with no list at all")
                .register(registry);
        apply = Timer.builder(APPLY)
                .description("Verify, store (one SQLite transaction) and install one access-list message")
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String result, String reason) {
        return Counter.builder(UPDATES)
                .description("Access-list messages by result (applied, duplicate, refused) and refusal reason")
                .tag("result", result)
                .tag("reason", reason)
                .register(registry);
    }

    void applied(long nanos) {
        applied.increment();
        apply.record(nanos, TimeUnit.NANOSECONDS);
    }

    void duplicate() {
        duplicates.increment();
    }

    void refused(AclUpdater.Refusal r) {
        refused.get(r).increment();
    }

    /** A message the sync could not queue ({@code queue-full}, {@code oversize}): it was never verified. */
    void dropped(String reason) {
        Counter.builder(DROPPED)
                .description("Access-list messages dropped before verification, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    void snapshotRequested() {
        requests.increment();
    }
}
