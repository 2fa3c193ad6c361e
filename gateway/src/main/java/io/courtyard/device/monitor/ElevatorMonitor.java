package io.courtyard.device.monitor;

import io.courtyard.config.FaultCatalog.FaultType;
import io.courtyard.config.MonitoringConfig;
import io.courtyard.device.ClockSkew;
import io.courtyard.device.monitor.MonitorEvents.Car;
import io.courtyard.device.monitor.RecentCards.Presentation;
import io.courtyard.device.mqtt.DeviceMessages.Handled;
import io.courtyard.device.mqtt.Inbound;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventSink;
import io.courtyard.runtime.LogLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One elevator monitor: turns its messages into journal events (each message itself, then what it
 * means: faults after their debounce, the trapped-passenger alarm, trips) and keeps the car's last
 * known status. All of it under this object's lock, so a monitor's events are journaled in the
 * order they happened, whichever event loop or timer thread brought them.
 */
final class ElevatorMonitor {
    private static final Logger log = LoggerFactory.getLogger(ElevatorMonitor.class);
    /** How far before a trip's start a card at the car's reader counts as a passenger of it. */
    static final Duration TRIP_CARDS = Duration.ofMinutes(2);

    private final Car car;
    private final PayloadDecoder decoder;
    private final FaultDebouncer faults;
    private final TripTracker trips = new TripTracker();
    private final Presence presence;
    private final RecentCards cards;
    private final ClockSkew clocks;
    private final MonitoringConfig config;
    private final EventSink sink;
    private final MonitorMetrics metrics;
    private final Clock clock;
    private final LogLimiter refusedLog = new LogLimiter(Duration.ofSeconds(10));
    private MonitorStatus last;
    private Instant lastAt;

    ElevatorMonitor(
            Car car,
            PayloadDecoder decoder,
            RecentCards cards,
            ClockSkew clocks,
            MonitoringConfig config,
            EventSink sink,
            MonitorMetrics metrics,
            ScheduledExecutorService timers,
            Clock clock) {
        this.car = car;
        this.decoder = decoder;
        this.cards = cards;
        this.clocks = clocks;
        this.config = config;
        this.sink = sink;
        this.metrics = metrics;
        this.clock = clock;
        this.presence = new Presence(car, config.silenceTimeout(), metrics, clock.instant());
        this.faults = new FaultDebouncer(car.table(), config, (code, token, delay) -> {
            ScheduledFuture<?> f = timers.schedule(() -> confirm(code, token), delay.toMillis(), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        });
    }

    Car car() {
        return car;
    }

    /** Whether the monitor is connected and not silent, for the dashboard's overview. */
    synchronized boolean online() {
        return presence.online();
    }

    Presence presence() {
        return presence;
    }

    /** A message the monitor published; completes when all it caused is durable. */
    synchronized CompletableFuture<Handled> publish(Inbound m) {
        Instant rx = m.receivedAt();
        List<EventDraft> out = new ArrayList<>(3);
        presence.published(rx, out);
        Handled handled = Handled.ACCEPTED;
        try {
            switch (m.subtopic()) {
                case "status" -> status(decoder.status(m.payload()), rx, m.will(), out);
                case "fault" -> fault(decoder.fault(m.payload()), rx, m.will(), out);
                default -> {
                    metrics.message("other", "accepted");
                    out.add(MonitorEvents.message(car, m.subtopic(), m.payload(), rx, m.will()));
                }
            }
        } catch (PayloadException e) {
            handled = Handled.PAYLOAD_INVALID;
            metrics.message(m.subtopic(), "malformed");
            out.add(MonitorEvents.malformed(car, m.subtopic(), e.getMessage(), m.payload(), rx, m.will()));
            long suppressed = refusedLog.permit();
            if (suppressed >= 0) {
                log.warn(
                        "{}: {} payload refused: {}{}",
                        car.monitor(),
                        m.subtopic(),
                        e.getMessage(),
                        suppressed > 0 ? " (" + suppressed + " more since the last line)" : "");
            }
        }
        Handled result = handled;
        return append(out).thenApply(v -> result);
    }

    private void status(Payload.Status p, Instant rx, boolean will, List<EventDraft> out) {
        clock(p.ts(), rx, will);
        Instant ts = p.ts() == null ? rx : p.ts();
        MonitorStatus reported = p.status();
        out.add(MonitorEvents.status(car, ts, rx, reported, p.extra(), will));
        metrics.message("status", "accepted");
        last = reported.over(last);
        lastAt = ts;
        long doors = trips.doorOpenings();
        Duration ran = trips.running();
        TripTracker.Trip trip = trips.next(last, reported, ts);
        metrics.doorCycles((int) (trips.doorOpenings() - doors));
        metrics.running(trips.running().minus(ran));
        if (trip != null) {
            metrics.trip();
            out.add(MonitorEvents.trip(car, trip, passengers(trip, rx), rx));
        }
        if (reported.faults() != null) {
            changes(faults.active(reported.faults(), ts), rx, out);
        }
    }

    private void fault(Payload.Fault f, Instant rx, boolean will, List<EventDraft> out) {
        clock(f.ts(), rx, will);
        Instant ts = f.ts() == null ? rx : f.ts();
        FaultType type = faults.type(f.code());
        out.add(MonitorEvents.faultReport(car, ts, rx, f, type, will));
        metrics.message("fault", "accepted");
        changes(f.raised() ? faults.raise(f.code(), ts) : faults.clear(f.code(), ts), rx, out);
    }

    /** A will was written when the monitor connected, so its time says nothing of the monitor's clock now. */
    private void clock(Instant ts, Instant rx, boolean will) {
        if (ts != null && !will) {
            clocks.observe(car.monitor(), ts, rx);
        }
    }

    /** The debounce of a raised code ran out (timer thread). */
    synchronized void confirm(String code, long token) {
        List<EventDraft> out = new ArrayList<>(2);
        changes(faults.confirm(code, token), clock.instant(), out);
        append(out);
    }

    private void changes(List<FaultChange> changes, Instant rx, List<EventDraft> out) {
        for (FaultChange c : changes) {
            out.add(MonitorEvents.change(car, c, rx));
            boolean isFault = MonitorEvents.isFault(c.type());
            if (isFault) {
                String state = c instanceof FaultChange.Raised
                        ? "raised"
                        : c instanceof FaultChange.Transient ? "transient" : "cleared";
                metrics.fault(c.type() == null ? "unknown" : c.type().id(), state);
            }
            if (c.type() == null && c instanceof FaultChange.Raised) {
                metrics.unknownCode(car.table());
                log.warn(
                        "{}: fault code {} is not in table {}; journaled as fault 'unknown'",
                        car.monitor(),
                        c.code(),
                        car.table());
            }
            boolean alarm = c.type() != null && c.type().alarm().isPresent();
            if (alarm && c instanceof FaultChange.Raised) {
                List<Presentation> recent = cards.recent(car.elevator(), clock.instant(), config.recentCards());
                out.add(MonitorEvents.alarm(car, c, last, lastAt, recent, config.recentCards(), rx));
                metrics.alarm(c.type().alarm().get());
                log.warn(
                        "{}: ALARM {} in {} ({} code {}), last floor {}, {} card presentations in the last {}",
                        car.monitor(),
                        c.type().alarm().get(),
                        car.elevator(),
                        c.type().id(),
                        c.code(),
                        last == null ? "unknown" : last.floor(),
                        recent.size(),
                        config.recentCards());
            } else if (alarm && c instanceof FaultChange.Cleared) {
                out.add(MonitorEvents.alarm(car, c, last, lastAt, List.of(), config.recentCards(), rx));
                log.info("{}: {} in {} cleared", car.monitor(), c.type().alarm().get(), car.elevator());
            }
        }
    }

    /** Grants at the car's reader shortly before the trip started whose floors include where it went. */
    private List<Presentation> passengers(TripTracker.Trip t, Instant rx) {
        // Cards carry the gateway's time, trips the monitor's: the start is placed on the gateway's clock.
        Instant start = rx.minus(t.duration());
        return cards.recent(car.elevator(), start, TRIP_CARDS).stream()
                .filter(p -> p.granted() && p.floors().contains(t.toFloor()))
                .filter(p -> !p.at().isAfter(start.plusSeconds(2)))
                .toList();
    }

    synchronized void online(io.courtyard.device.mqtt.DeviceMessages.Connection c) {
        List<EventDraft> out = new ArrayList<>(1);
        presence.connected(c, clock.instant(), out);
        append(out);
    }

    synchronized void offline(io.courtyard.device.mqtt.Departure d) {
        List<EventDraft> out = new ArrayList<>(1);
        presence.disconnected(d, clock.instant(), out);
        append(out);
    }

    /** The silence check (timer thread). */
    synchronized void sweep() {
        List<EventDraft> out = new ArrayList<>(1);
        presence.sweep(clock.instant(), out);
        append(out);
    }

    private CompletableFuture<Void> append(List<EventDraft> drafts) {
        if (drafts.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<?>[] fs = new CompletableFuture<?>[drafts.size()];
        for (int i = 0; i < fs.length; i++) {
            EventDraft d = drafts.get(i);
            fs[i] = sink.append(d).whenComplete((ok, e) -> {
                if (e != null) {
                    log.error(
                            "{}: {} event not journaled: {}",
                            car.monitor(),
                            d.kind().topic(),
                            e.toString());
                }
            });
        }
        return fs.length == 1 ? fs[0].thenApply(v -> null) : CompletableFuture.allOf(fs);
    }
}
