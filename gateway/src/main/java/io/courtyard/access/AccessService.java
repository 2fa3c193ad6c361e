package io.courtyard.access;

import io.courtyard.config.GatewayConfig;
import io.courtyard.journal.EventSink;
import io.courtyard.journal.EventSource;
import io.courtyard.journal.JournalProjector;
import io.courtyard.runtime.Service;
import io.courtyard.store.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access engine as a gateway component: at start it loads the last applied access list and
 * rebuilds the stateful rules, before any listener can ask; then every decision is counted, timed
 * and journaled without waiting for the journal.
 */
public final class AccessService implements Service {
    private static final Logger log = LoggerFactory.getLogger(AccessService.class);

    private final SiteLayout site;
    private final String siteId;
    private final Database db;
    private final EventSink events;
    private final EventSource stateSource;
    private final AccessListSource lists;
    private final MeterRegistry registry;
    private final Clock clock;
    private final AccessState state = new AccessState();
    private final AtomicLong lastFailureLog = new AtomicLong();
    private volatile AccessEngine engine;
    private AccessMetrics metrics;
    private Emergencies emergencies;
    private JournalProjector projector;

    /**
     * @param stateSource the journal cursor {@link AccessStateStore#SINK}, declared before the journal starts
     */
    public AccessService(
            GatewayConfig config,
            Database db,
            EventSink events,
            EventSource stateSource,
            AccessListSource lists,
            MeterRegistry registry,
            Clock clock) {
        this.site = SiteLayout.of(config);
        this.siteId = config.site().id();
        this.db = db;
        this.events = events;
        this.stateSource = stateSource;
        this.lists = lists;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "access";
    }

    @Override
    public synchronized void start() throws Exception {
        long t0 = System.nanoTime();
        AccessSnapshot snapshot = AccessSnapshot.build(lists.load(), site);
        long loadMillis = (System.nanoTime() - t0) / 1_000_000;
        int replayed;
        try (Connection c = db.connect()) {
            replayed = AccessStateStore.load(c, siteId, state);
        }
        engine = new AccessEngine(snapshot, state);
        metrics = new AccessMetrics(() -> engine.snapshot(), state);
        metrics.bindTo(registry);
        metrics.loaded(loadMillis);
        emergencies = new Emergencies(state, site, events, clock);
        projector = new JournalProjector(
                stateSource, db, AccessStateStore.projection(), JournalProjector.Policy.DEFAULT, registry);
        projector.start();
        log.info(
                "access list version {} loaded and indexed in {} ms: {}{}; state rebuilt ({} journal events replayed){}",
                snapshot.version(),
                loadMillis,
                snapshot.list().counts(),
                snapshot.danglingReferences() == 0
                        ? ""
                        : ", " + snapshot.danglingReferences() + " dangling references, e.g. " + snapshot.warnings(),
                replayed,
                state.emergency().active().isEmpty()
                        ? ""
                        : "; EMERGENCY in force: " + state.emergency().active());
        if (snapshot.version() == 0) {
            log.warn("no access list has been applied yet: every request is denied until one is (fire mode aside)");
        }
    }

    /** Decides, counts, times and journals a request; returns without waiting for the journal. */
    public Decision decide(AccessRequest request) {
        long t0 = System.nanoTime();
        Decision d = engine.decide(request);
        metrics.decided(d.reason(), System.nanoTime() - t0);
        events.append(AccessEvents.decided(d, request.at(), clock.instant())).whenComplete((ok, e) -> {
            if (e != null) {
                journalFailed(d, e);
            }
        });
        return d;
    }

    /** The decision without actuation, journal or state change. */
    public Decision explain(AccessRequest request) {
        return engine.explain(request);
    }

    /** Indexes a list (throws {@link IllegalArgumentException} when it is ambiguous) without installing it. */
    public AccessSnapshot prepare(AccessList list) {
        return AccessSnapshot.build(list, site);
    }

    /** Makes a prepared snapshot the one every later decision reads. */
    public void install(AccessSnapshot snapshot) {
        engine.swap(snapshot);
    }

    public AccessSnapshot snapshot() {
        return engine.snapshot();
    }

    public AccessState state() {
        return state;
    }

    public Emergencies emergencies() {
        return emergencies;
    }

    public SiteLayout site() {
        return site;
    }

    private void journalFailed(Decision d, Throwable e) {
        metrics.journalFailed();
        long now = System.nanoTime();
        long last = lastFailureLog.get();
        // One line a minute at most: an overloaded journal must not also flood the log.
        if (now - last > 60_000_000_000L && lastFailureLog.compareAndSet(last, now)) {
            log.error(
                    "access decision at {} ({}) not journaled: {}",
                    d.device(),
                    d.reason().code(),
                    e.toString());
        }
    }

    @Override
    public synchronized void stop() throws Exception {
        if (projector != null) {
            projector.stop();
        }
    }
}
