package io.courtyard.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A clock for rehearsals: starts at a chosen instant and runs at N times real time, can be moved
 * forward by the simulator that drives it, and can hand over to the system clock ("go live"). It never
 * changes the system clock and never runs backwards: every change keeps the instant it had reached.
 *
 * <p>Security-sensitive: whoever sets the gateway's time decides schedules, pass validity and
 * rescue deadlines. The gateway accepts one only when the site configuration says {@code
 * simulation: true} (see {@code io.courtyard.ops.GatewayClock}).
 */
public final class SimulatedClock extends Clock {
    /** Real-time ratio bounds: below 1 a rehearsal would crawl; above this one nanosecond is a minute. */
    public static final double MAX_SPEED = 1_000_000;

    /** Where the clock is: {@code base} at real {@code baseNanos}, running at {@code speed}; live follows the system. */
    private record State(Instant base, long baseNanos, double speed, boolean live) {}

    private final LongSupplier nanos;
    private final Supplier<Instant> system;
    private volatile State state;

    private SimulatedClock(Instant start, double speed, LongSupplier nanos, Supplier<Instant> system) {
        checkSpeed(speed);
        this.nanos = nanos;
        this.system = system;
        this.state = new State(start, nanos.getAsLong(), speed, false);
    }

    /** A clock at {@code start} now, running {@code speed} times as fast as real time. */
    public static SimulatedClock startingAt(Instant start, double speed) {
        return new SimulatedClock(start, speed, System::nanoTime, Instant::now);
    }

    /** For tests: the real-time source and the system clock are given. */
    static SimulatedClock startingAt(Instant start, double speed, LongSupplier nanos, Supplier<Instant> system) {
        return new SimulatedClock(start, speed, nanos, system);
    }

    private static void checkSpeed(double speed) {
        if (!(speed >= 1 && speed <= MAX_SPEED)) {
            throw new IllegalArgumentException("speed: " + speed + " is outside 1.." + (long) MAX_SPEED);
        }
    }

    @Override
    public Instant instant() {
        State s = state;
        Instant run = s.base.plusNanos((long) ((nanos.getAsLong() - s.baseNanos) * s.speed));
        if (!s.live) {
            return run;
        }
        Instant now = system.get();
        // Live but ahead of the system clock (it was driven past now): hold at 1x until the system catches up.
        return now.isAfter(run) ? now : run;
    }

    /** Moves the clock forward to {@code t}; a {@code t} it has already passed changes nothing. */
    public synchronized void advanceTo(Instant t) {
        Instant now = instant();
        if (t.isAfter(now)) {
            state = new State(t, nanos.getAsLong(), state.speed, state.live);
        }
    }

    /** Moves the clock forward by {@code d} (not negative). */
    public synchronized void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("advance: " + d + " is negative; the clock never runs back");
        }
        advanceTo(instant().plus(d));
    }

    /** From now on, {@code speed} times real time. */
    public synchronized void speed(double speed) {
        checkSpeed(speed);
        state = new State(instant(), nanos.getAsLong(), speed, state.live);
    }

    /**
     * Hands over to the system clock: from now on the clock shows the system's time, jumping forward
     * to it if behind; if ahead, it runs at real time until the system catches up.
     */
    public synchronized void goLive() {
        state = new State(instant(), nanos.getAsLong(), 1, true);
    }

    /** Whether the clock has handed over to the system clock. */
    public boolean live() {
        return state.live;
    }

    /** The current speed over real time. */
    public double speed() {
        return state.speed;
    }

    /** What {@code /health} and the startup line show: that the time is simulated, and how. */
    public String describe() {
        State s = state;
        return s.live ? "simulated, now following the system clock" : "simulated at " + s.speed + "x real time";
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        // Every reader of the gateway's clock takes instants and applies the site's zone itself.
        throw new UnsupportedOperationException("a simulated clock is UTC; apply the zone to its instants");
    }
}
