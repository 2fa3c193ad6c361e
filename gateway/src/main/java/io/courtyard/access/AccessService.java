package io.courtyard.access;

import io.courtyard.config.GatewayConfig;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventSink;
import io.courtyard.journal.EventSource;
import io.courtyard.journal.JournalProjector;
import io.courtyard.runtime.Service;
import io.courtyard.store.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access engine as a gateway component: at start it loads the last applied access list and
 * rebuilds the stateful rules, before any listener can ask; then every decision is counted, timed
 * and journaled. Devices ask through {@link #decideDurably}: a decision waits for the journal only
 * when it spent an entry of a limited visitor pass (a crash before the commit would make the entry
 * reusable); every other decision is answered from memory at once.
 */
public final class AccessService implements Service {
    private static final Logger log = LoggerFactory.getLogger(AccessService.class);
    /** A limited pass's entry waits this long for the journal; then the door stays shut. */
    static final Duration DURABLE_WAIT = LimitedEntries.WAIT;

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
    private PositionKeeper positions;
    private LimitedEntries limited;

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
            replayed = AccessStateStore.load(c, siteId, state, clock.instant());
        }
        positions = new PositionKeeper(state, site, events, clock);
        int expired = positions.start();
        engine = new AccessEngine(snapshot, state);
        metrics = new AccessMetrics(() -> engine.snapshot(), state);
        metrics.bindTo(registry);
        metrics.loaded(loadMillis);
        limited = new LimitedEntries(state, metrics, this::journal);
        emergencies = new Emergencies(state, site, events, clock);
        projector = new JournalProjector(
                stateSource, db, AccessStateStore.projection(), JournalProjector.Policy.DEFAULT, registry);
        projector.start();
        log.info(
                "access list version {} loaded and indexed in {} ms: {}{}; state rebuilt ({} journal events replayed,"
                        + " {} expired positions dropped){}",
                snapshot.version(),
                loadMillis,
                snapshot.list().counts(),
                snapshot.danglingReferences() == 0
                        ? ""
                        : ", " + snapshot.danglingReferences() + " dangling references, e.g. " + snapshot.warnings(),
                replayed,
                expired,
                state.emergency().active().isEmpty()
                        ? ""
                        : "; EMERGENCY in force: " + state.emergency().active());
        if (snapshot.version() == 0) {
            log.warn("no access list has been applied yet: every request is denied until one is (fire mode aside)");
        }
    }

    /**
     * Decides, counts, times and journals a request; returns without waiting for the journal. For
     * tools and tests: devices, which actuate on the answer, use {@link #decideDurably}.
     */
    public Decision decide(AccessRequest request) {
        return decideAndRecord(request).decision();
    }

    /**
     * What a device actuates on: completes at once for every decision but one that spent an entry of
     * a limited visitor pass, which completes once its journal event is durable — or, when the journal
     * refuses it or takes longer than {@link #DURABLE_WAIT}, as a {@link Reason#NOT_RECORDED} denial.
     * Never completes exceptionally.
     */
    public CompletableFuture<Decision> decideDurably(AccessRequest request) {
        Recorded r = decideAndRecord(request);
        return limited.answer(request, r.decision(), r.journaled());
    }

    /** A decision and the future of its journal event. */
    private record Recorded(Decision decision, CompletableFuture<?> journaled) {}

    private Recorded decideAndRecord(AccessRequest request) {
        long t0 = System.nanoTime();
        AccessEngine en = engine;
        Decision d = en.decide(request);
        metrics.decided(d.reason(), System.nanoTime() - t0);
        CompletableFuture<?> journaled = journal(d, request.at());
        KeypadGuard.Lockout lockout = en.keypads().record(request, d, site.keypad());
        if (lockout != null) {
            keypadLocked(lockout);
        }
        return new Recorded(d, journaled);
    }

    private CompletableFuture<?> journal(Decision d, Instant at) {
        CompletableFuture<?> f = events.append(AccessEvents.decided(d, at, clock.instant()));
        f.whenComplete((ok, e) -> {
            if (e != null) {
                journalFailed(d, e);
            }
        });
        return f;
    }

    private void keypadLocked(KeypadGuard.Lockout l) {
        log.warn(
                "{}: keypad locked until {} after {} failed entries (lockout {}, last {})",
                l.device(),
                l.until(),
                l.failures(),
                l.level(),
                l.last().code());
        events.append(AccessEvents.keypadLocked(l, clock.instant())).whenComplete((ok, e) -> {
            if (e != null) {
                log.error("{}: keypad lockout alarm not journaled: {}", l.device(), e.toString());
            }
        });
    }

    /**
     * Clears anti-passback positions, for an operator or a signed command: {@code subject}'s
     * ({@code holder:ID}, {@code pass:ID}, {@code permit:ID}) in {@code area} ({@code zone:ID},
     * {@code pair:ID}); all of the subject's when {@code area} is null; everyone's in the area when
     * {@code subject} is null. Journaled as an ACCESS event of the gateway; completes with the number
     * of positions cleared once that event is durable.
     *
     * @throws IllegalArgumentException when both are null, or the area is not one of this site's
     */
    public CompletableFuture<Integer> resetAntiPassback(String subject, String area, String source) {
        return positions.reset(subject, area, source);
    }

    /**
     * A decided plate read and its journal append: {@code durable} completes once the event is on
     * disk (or fails), so the barrier opens only for a recorded decision.
     */
    public record RecordedRead(PlateDecision decision, CompletableFuture<?> durable) {}

    /**
     * Decides a camera's plate read, counts and times it, and appends the event {@code event} builds
     * from the decision (the camera room's own event, which carries the decision and its state
     * change); does not wait for the journal.
     */
    public RecordedRead decidePlate(PlateRequest request, Function<PlateDecision, EventDraft> event) {
        long t0 = System.nanoTime();
        PlateDecision d = engine.decidePlate(request);
        metrics.decided(d.decision().reason(), System.nanoTime() - t0);
        CompletableFuture<?> durable = events.append(event.apply(d));
        durable.whenComplete((ok, e) -> {
            if (e != null) {
                journalFailed(d.decision(), e);
            }
        });
        return new RecordedRead(d, durable);
    }

    /**
     * Undoes in memory what a granted plate decision recorded, when its barrier stayed shut after
     * all; returns the undoing change for the journal, or null (see {@link AccessState#takeBack}).
     */
    public StateChange takeBack(Decision d, Instant decidedAt) {
        return d.change() == null ? null : state.takeBack(d.change(), decidedAt);
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
        if (positions != null) {
            positions.stop();
        }
        if (projector != null) {
            projector.stop();
        }
    }
}
