package io.courtyard.sim.compound;

import io.courtyard.runtime.SimulatedClock;
import io.courtyard.runtime.Threads;
import io.courtyard.sim.compound.Happening.Car;
import io.courtyard.sim.compound.Happening.Crew;
import io.courtyard.sim.compound.Happening.Descend;
import io.courtyard.sim.compound.Happening.FaultCleared;
import io.courtyard.sim.compound.Happening.FaultRaised;
import io.courtyard.sim.compound.Happening.GateIn;
import io.courtyard.sim.compound.Happening.GateOut;
import io.courtyard.sim.compound.Happening.Ride;
import io.courtyard.sim.compound.Happening.Trapped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a {@link MonthPlan} on a {@link Stage} with the gateway's {@link SimulatedClock} in step: the
 * month goes by hour by hour; at each hour the clock jumps there, and the hour's happenings are played
 * lane by lane (one device's in order, devices side by side) while the clock runs at real time, so a
 * card and the floor button pressed after it stay seconds apart as they would be. The gateway therefore
 * sees each happening within its hour (by-hour statistics are exact; minutes within the hour are not),
 * and time never waits for nothing: a quiet night passes in a few jumps.
 */
public final class MonthPlayer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("month");
    /** Happenings inside one window share its start time, give or take the seconds they take to play. */
    public static final Duration WINDOW = Duration.ofHours(1);
    /**
     * A quiet stretch (a night) is crossed in steps this long, the stage asked at each (and at each
     * hour played) whether devices that report on their own are due: a monitor heard from at least this
     * often is never taken for silent (the month's silence timeout is longer).
     */
    public static final Duration QUIET_STEP = Duration.ofHours(1);

    /** What was played, and what failed (named, never hidden). */
    public record Result(
            long played, Map<String, Long> byKind, Map<String, Long> rides, List<String> failures, Duration took) {}

    private final MonthPlan plan;
    private final Stage stage;
    private final SimulatedClock clock;
    private final ExecutorService lanes = Executors.newFixedThreadPool(8, Threads.named("month-lanes", true));
    private final AtomicLong played = new AtomicLong();
    /** Rides played without failure, per elevator: what the gateway must have recorded. */
    private final Map<String, Long> rides = new java.util.concurrent.ConcurrentHashMap<>();
    /** Real time spent playing each kind of happening, summed over lanes: where a month's seconds go. */
    private final Map<String, java.util.concurrent.atomic.LongAdder> nanosByKind =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final java.util.concurrent.atomic.LongAdder settleNanos = new java.util.concurrent.atomic.LongAdder();

    public MonthPlayer(MonthPlan plan, Stage stage, SimulatedClock clock) {
        this.plan = plan;
        this.stage = stage;
        this.clock = clock;
    }

    /** Plays the whole month; returns when the last window is played. */
    public Result play() throws InterruptedException {
        long t0 = System.nanoTime();
        Map<String, Long> byKind = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        List<Happening> all = plan.happenings();
        LocalDate day = null;
        int i = 0;
        while (i < all.size()) {
            Instant windowStart = all.get(i).at().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
            Instant windowEnd = windowStart.plus(WINDOW);
            Map<String, List<Happening>> byLane = new LinkedHashMap<>();
            while (i < all.size() && all.get(i).at().isBefore(windowEnd)) {
                Happening h = all.get(i++);
                byLane.computeIfAbsent(h.lane(), k -> new ArrayList<>()).add(h);
                byKind.merge(h.getClass().getSimpleName(), 1L, Long::sum);
            }
            LocalDate today = LocalDate.ofInstant(windowStart, plan.zone());
            // The last hour's reports are in before the clock moves on: a report timed before the jump and
            // received after it would look like a device clock an hour slow.
            settle(failures);
            crossQuiet(windowStart);
            clock.advanceTo(windowStart);
            keepAlive();
            if (!today.equals(day)) {
                if (day != null) {
                    log.info(
                            "month: {} played ({} happenings so far, {} s; lanes {} ms, settling {} ms)",
                            day,
                            played.get(),
                            seconds(t0),
                            millisByKind(),
                            settleNanos.sum() / 1_000_000);
                }
                day = today;
            }
            List<Future<List<String>>> running = new ArrayList<>();
            for (List<Happening> lane : byLane.values()) {
                running.add(lanes.submit(() -> playLane(lane)));
            }
            for (Future<List<String>> f : running) {
                try {
                    failures.addAll(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause().toString());
                }
            }
        }
        settle(failures);
        clock.advanceTo(plan.end());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        log.info(
                "month: {} played: {} happenings in {} s, {} failed; lane time by kind {} ms, settling {} ms",
                plan.month(),
                played.get(),
                took.toMillis() / 1000.0,
                failures.size(),
                millisByKind(),
                settleNanos.sum() / 1_000_000);
        return new Result(played.get(), byKind, Map.copyOf(rides), List.copyOf(failures), took);
    }

    private void settle(List<String> failures) throws InterruptedException {
        long s0 = System.nanoTime();
        try {
            stage.settle();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            log.warn("month: reports before {} did not settle: {}", clock.instant(), e.toString());
            failures.add("reports before " + clock.instant() + " did not settle: " + e);
        }
        settleNanos.add(System.nanoTime() - s0);
    }

    private void crossQuiet(Instant until) {
        while (clock.instant().plus(QUIET_STEP).isBefore(until)) {
            clock.advance(QUIET_STEP);
            keepAlive();
        }
    }

    private void keepAlive() {
        try {
            stage.keepAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("month: keep-alive at {} failed: {}", clock.instant(), e.toString());
        }
    }

    private Map<String, Long> millisByKind() {
        Map<String, Long> out = new TreeMap<>();
        nanosByKind.forEach((k, v) -> out.put(k, v.sum() / 1_000_000));
        return out;
    }

    private static double seconds(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e8) / 10.0;
    }

    private List<String> playLane(List<Happening> lane) {
        List<String> failures = new ArrayList<>();
        for (Happening h : lane) {
            long t0 = System.nanoTime();
            try {
                play(h);
                played.incrementAndGet();
                if (h instanceof Ride r) {
                    rides.merge(r.elevator(), 1L, Long::sum);
                }
                nanosByKind
                        .computeIfAbsent(h.getClass().getSimpleName(), k -> new java.util.concurrent.atomic.LongAdder())
                        .add(System.nanoTime() - t0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(h + ": interrupted");
                return failures;
            } catch (Exception e) {
                // One device that cannot play its part must not stop the month; the failure is reported.
                log.warn("month: {} failed: {}", h, e.toString());
                failures.add(h + ": " + e);
            }
        }
        return failures;
    }

    private void play(Happening h) throws Exception {
        if (h instanceof GateIn g) {
            stage.gateIn(g.gate(), g.person());
        } else if (h instanceof GateOut g) {
            stage.gateOut(g.gate());
        } else if (h instanceof Ride r) {
            stage.ride(r.elevator(), r.person(), r.floor());
        } else if (h instanceof Descend d) {
            stage.descend(d.elevator(), d.floor());
        } else if (h instanceof Car c) {
            stage.car(c.barrier(), c.plate(), clock.instant());
        } else if (h instanceof FaultRaised f) {
            stage.faultRaised(f.elevator(), f.type());
        } else if (h instanceof FaultCleared f) {
            stage.faultCleared(f.elevator(), f.type());
        } else if (h instanceof Trapped t) {
            stage.trapped(t.elevator());
        } else if (h instanceof Crew c) {
            stage.crew(c);
        } else {
            throw new IllegalStateException("no way to play " + h);
        }
    }

    @Override
    public void close() {
        lanes.shutdownNow();
    }
}
