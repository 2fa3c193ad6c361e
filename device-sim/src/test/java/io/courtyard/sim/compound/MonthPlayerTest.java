package io.courtyard.sim.compound;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import io.courtyard.runtime.SimulatedClock;
import io.courtyard.sim.compound.Happening.Crew;
import io.courtyard.sim.testsupport.Repository;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The player against a stage that only records: the clock it sets, the order it keeps, the nights it crosses. */
class MonthPlayerTest {
    /** Records each call with the clock's time; nothing else. */
    private static final class Recorder implements Stage {
        final SimulatedClock clock;
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final List<Instant> keepAlives = Collections.synchronizedList(new ArrayList<>());
        final List<Instant> times = Collections.synchronizedList(new ArrayList<>());

        Recorder(SimulatedClock clock) {
            this.clock = clock;
        }

        private void call(String what) {
            calls.add(what);
            times.add(clock.instant());
        }

        @Override
        public void gateIn(String gate, Person person) {
            call("in " + person.holder());
        }

        @Override
        public void gateOut(String gate) {
            call("out " + gate);
        }

        @Override
        public void ride(String elevator, Person person, int floor) {
            call("ride " + person.holder());
        }

        @Override
        public void descend(String elevator, int floor) {
            call("descend " + elevator);
        }

        @Override
        public void car(String barrier, String plate, Instant at) {
            call("car " + plate);
        }

        @Override
        public void faultRaised(String elevator, String type) {
            call("raise " + elevator);
        }

        @Override
        public void faultCleared(String elevator, String type) {
            call("clear " + elevator);
        }

        @Override
        public void trapped(String elevator) {
            call("trapped " + elevator);
        }

        @Override
        public void crew(Crew c) {
            call("crew " + c.action() + " " + c.elevator());
        }

        @Override
        public void settle() {}

        @Override
        public void keepAlive() {
            keepAlives.add(clock.instant());
        }
    }

    @Test
    void everyHappeningIsPlayedInItsHourAndQuietNightsAreCrossedHourly() throws Exception {
        GatewayConfig config = ConfigLoader.load(Repository.file("config/demo.yaml"));
        ZoneId zone = config.site().timeZone();
        PlanSettings s = new PlanSettings(3, 0.05, 1, 1, 1, 1, Set.of(), Map.of());
        MonthPlan plan = MonthPlan.of(Compound.of(config, 3), YearMonth.of(2026, 10), zone, s)
                .firstDays(3);
        SimulatedClock clock = SimulatedClock.startingAt(plan.start().minus(Duration.ofMinutes(10)), 1);
        Recorder stage = new Recorder(clock);
        MonthPlayer.Result r;
        try (MonthPlayer player = new MonthPlayer(plan, stage, clock)) {
            r = player.play();
        }
        assertThat(r.failures()).isEmpty();
        assertThat(r.played()).isEqualTo(plan.happenings().size());
        assertThat(stage.calls).hasSize(plan.happenings().size());
        // Each call happened while the clock was in its happening's hour (played in that hour's window).
        List<Instant> hours = plan.happenings().stream()
                .map(h -> h.at().truncatedTo(ChronoUnit.HOURS))
                .distinct()
                .toList();
        assertThat(stage.times).allSatisfy(t -> assertThat(hours).contains(t.truncatedTo(ChronoUnit.HOURS)));
        // Nights: no two consecutive reports (happenings or keep-alives) more than an hour and a bit apart.
        List<Instant> all = new ArrayList<>(stage.times);
        all.addAll(stage.keepAlives);
        all.sort(null);
        for (int i = 1; i < all.size(); i++) {
            assertThat(Duration.between(all.get(i - 1), all.get(i))).isLessThanOrEqualTo(Duration.ofMinutes(61 + 1));
        }
        assertThat(stage.keepAlives).isNotEmpty();
        assertThat(clock.instant()).isAfterOrEqualTo(plan.end());
    }
}
