package io.courtyard.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SimulatedClockTest {
    private static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
    private final AtomicLong nanos = new AtomicLong(5_000);
    private final AtomicReference<Instant> system = new AtomicReference<>(Instant.parse("2026-12-02T08:00:00Z"));

    private SimulatedClock clock(double speed) {
        return SimulatedClock.startingAt(START, speed, nanos::get, system::get);
    }

    @Test
    void runsAtItsSpeedFromItsStart() {
        SimulatedClock c = clock(3600);
        assertThat(c.instant()).isEqualTo(START);
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(c.instant()).isEqualTo(START.plus(Duration.ofHours(2)));
    }

    @Test
    void movesForwardOnlyAndKeepsRunningFromWhereItWasMoved() {
        SimulatedClock c = clock(1);
        c.advanceTo(START.plus(Duration.ofDays(3)));
        c.advanceTo(START.plus(Duration.ofDays(1)));
        assertThat(c.instant()).as("a step back changes nothing").isEqualTo(START.plus(Duration.ofDays(3)));
        nanos.addAndGet(Duration.ofMillis(250).toNanos());
        assertThat(c.instant()).isEqualTo(START.plus(Duration.ofDays(3)).plusMillis(250));
        assertThatThrownBy(() -> c.advance(Duration.ofSeconds(-1))).hasMessageContaining("never runs back");
    }

    @Test
    void aSpeedChangeKeepsTheInstantReached() {
        SimulatedClock c = clock(10);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        c.speed(1000);
        assertThat(c.instant()).isEqualTo(START.plusSeconds(10));
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(c.instant()).isEqualTo(START.plusSeconds(1010));
    }

    @Test
    void goingLiveJumpsForwardToTheSystemClockAndFollowsIt() {
        SimulatedClock c = clock(100);
        c.goLive();
        assertThat(c.live()).isTrue();
        assertThat(c.instant()).isEqualTo(system.get());
        system.set(system.get().plusSeconds(5));
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(c.instant()).isEqualTo(system.get());
    }

    @Test
    void liveButAheadOfTheSystemItHoldsRealTimeInsteadOfRunningBack() {
        SimulatedClock c = clock(1);
        Instant ahead = system.get().plus(Duration.ofHours(1));
        c.advanceTo(ahead);
        c.goLive();
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(c.instant()).isEqualTo(ahead.plusSeconds(1));
    }

    @Test
    void speedsOutsideTheRangeAreRefusedWithTheValue() {
        assertThatThrownBy(() -> clock(0.5)).hasMessageContaining("speed: 0.5 is outside 1..1000000");
        assertThatThrownBy(() -> clock(Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> clock(2e6)).hasMessageContaining("outside");
    }
}
