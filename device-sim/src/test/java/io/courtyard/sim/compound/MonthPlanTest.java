package io.courtyard.sim.compound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import io.courtyard.sim.compound.Happening.Car;
import io.courtyard.sim.compound.Happening.Crew;
import io.courtyard.sim.compound.Happening.CrewAction;
import io.courtyard.sim.compound.Happening.FaultRaised;
import io.courtyard.sim.compound.Happening.GateIn;
import io.courtyard.sim.compound.Happening.GateOut;
import io.courtyard.sim.compound.Happening.Ride;
import io.courtyard.sim.compound.Happening.Trapped;
import io.courtyard.sim.testsupport.Repository;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo compound's October 2026: its people, the shape of its days and its counts. */
class MonthPlanTest {
    private static final YearMonth OCTOBER = YearMonth.of(2026, 10);
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** China's National Day week, and the weekend days worked for it (as in the demo's example list). */
    private static final Set<LocalDate> HOLIDAYS =
            IntStream.rangeClosed(1, 7).mapToObj(d -> OCTOBER.atDay(d)).collect(java.util.stream.Collectors.toSet());

    private static final Map<LocalDate, String> WORKDAYS = Map.of(LocalDate.of(2026, 10, 10), "fri");

    private static GatewayConfig config;

    @BeforeAll
    static void load() throws Exception {
        config = ConfigLoader.load(Repository.file("config/demo.yaml"));
    }

    private static MonthPlan plan(long seed) {
        return MonthPlan.of(Compound.of(config, seed), OCTOBER, ZONE, PlanSettings.realistic(seed, HOLIDAYS, WORKDAYS));
    }

    private static Predicate<Happening> residents(Class<? extends Happening> kind, Role role) {
        return h -> kind.isInstance(h) && person(h) != null && person(h).role() == role;
    }

    private static Person person(Happening h) {
        if (h instanceof GateIn g) {
            return g.person();
        }
        if (h instanceof GateOut g) {
            return g.person();
        }
        return h instanceof Ride r ? r.person() : null;
    }

    @Test
    void everyHouseholdOfTheSiteConfigurationHasResidentsWithTheirOwnCards() {
        Compound c = Compound.of(config, 7);
        assertThat(c.homes()).hasSize(config.site().households().size()).hasSize(104);
        assertThat(c.homes()).allSatisfy(h -> assertThat(h.residents()).hasSizeBetween(1, 4));
        List<Person> people = new java.util.ArrayList<>(c.residents());
        people.addAll(c.staff());
        people.addAll(c.crew());
        assertThat(people.stream().map(Person::card).distinct()).hasSize(people.size());
        assertThat(c.home("1-1-702").orElseThrow().elevator()).contains("elevator-1-1");
        assertThat(c.home("2-1-301").orElseThrow().elevator()).isEmpty();
        assertThat(c.plates()).doesNotHaveDuplicates().hasSizeBetween(40, 75);
        assertThat(c.entry()).contains("east-entry");
        assertThat(c.exit()).contains("east-exit");
    }

    @Test
    void theSameSeedGivesTheSameMonthAndAnotherSeedAnother() {
        assertThat(plan(42).happenings()).isEqualTo(plan(42).happenings());
        assertThat(plan(42).passes()).isEqualTo(plan(42).passes());
        assertThat(plan(43).happenings()).isNotEqualTo(plan(42).happenings());
    }

    @Test
    void happeningsAreInTimeOrderInsideTheMonth() {
        MonthPlan p = plan(1);
        assertThat(p.happenings()).isSortedAccordingTo(java.util.Comparator.comparing(Happening::at));
        assertThat(p.happenings()).allSatisfy(h -> assertThat(h.at()).isBetween(p.start(), p.end()));
    }

    @Test
    void workersLeaveInTheMorningPeakAndComeBackInTheEveningPeakOnWorkdays() {
        MonthPlan p = plan(1);
        Predicate<Happening> workday = h -> !HOLIDAYS.contains(LocalDate.ofInstant(h.at(), ZONE))
                && new PlanSettings(1, 1, 0, 0, 0, 0, HOLIDAYS, WORKDAYS)
                        .kind(LocalDate.ofInstant(h.at(), ZONE))
                        .equals(DayKind.WORKDAY);
        long[] out = p.perHour(residents(GateOut.class, Role.WORKER).and(workday));
        long[] in = p.perHour(residents(GateIn.class, Role.WORKER).and(workday));
        assertThat(peak(out)).isBetween(7, 8);
        assertThat(peak(in)).isBetween(18, 19);
        assertThat(out[7] + out[8]).as("most leave 07-09").isGreaterThan(sum(out) / 2);
        assertThat(in[2] + in[3] + in[4]).as("nobody comes home at night").isZero();
    }

    @Test
    void elderlyResidentsRideHomeAroundMidday() {
        long[] rides = plan(1).perHour(residents(Ride.class, Role.ELDERLY));
        assertThat(peak(rides)).isBetween(10, 12);
        assertThat(rides[10] + rides[11] + rides[12]).isGreaterThan(rides[18] + rides[19] + rides[20]);
    }

    @Test
    void holidaysAndWeekendsHaveNoMorningRush() {
        MonthPlan p = plan(1);
        Map<LocalDate, Long> mornings = p.perDay(residents(GateOut.class, Role.WORKER)
                .and(h -> h.at().atZone(ZONE).getHour() < 9));
        long holiday = mornings.getOrDefault(LocalDate.of(2026, 10, 2), 0L);
        long sunday = mornings.getOrDefault(LocalDate.of(2026, 10, 18), 0L);
        long workday = mornings.getOrDefault(LocalDate.of(2026, 10, 13), 0L);
        long madeUpWorkday = mornings.getOrDefault(LocalDate.of(2026, 10, 10), 0L);
        assertThat(workday).isGreaterThan(3 * Math.max(holiday, sunday));
        assertThat(madeUpWorkday).as("Saturday 10 October is worked (调休)").isGreaterThan(3 * sunday);
    }

    @Test
    void everyDayHasItsTrafficInRealisticNumbers() {
        MonthPlan p = plan(1);
        Map<LocalDate, Long> entries = p.perDay(h -> h instanceof GateIn || h instanceof Car c && c.entering());
        assertThat(entries).hasSize(31);
        int residents = Compound.of(config, 1).residents().size();
        // Each resident comes home about once or twice a day, staff and visitors on top.
        assertThat(entries.values()).allSatisfy(n -> assertThat(n).isBetween((long) residents / 2, 3L * residents));
        Map<LocalDate, Long> rides = p.perDay(h -> h instanceof Ride);
        assertThat(rides).hasSize(31);
        assertThat(rides.values()).allSatisfy(n -> assertThat(n).isBetween(20L, 200L));
        Map<LocalDate, Long> visitors =
                p.perDay(h -> h instanceof Car c && c.entering() && c.driver() == Happening.Driver.VISITOR);
        assertThat(visitors.get(LocalDate.of(2026, 10, 13))).isEqualTo(3);
        assertThat(visitors.get(LocalDate.of(2026, 10, 18))).isEqualTo(6);
        assertThat(p.passes())
                .hasSize(
                        p.happenings().stream()
                                                .filter(h -> h instanceof Car c
                                                        && c.entering()
                                                        && c.driver() != Happening.Driver.RESIDENT)
                                                .count()
                                        == 0
                                ? 0
                                : p.passes().size());
        Set<String> passPlates = new HashSet<>();
        p.passes().forEach(v -> passPlates.add(v.plate()));
        assertThat(passPlates).hasSize(p.passes().size());
    }

    @Test
    void faultsAreRaisedAndTheCrewsActOnThemAfterwardsAndOneTrappedCallPerMonth() {
        MonthPlan p = plan(1);
        for (String e : List.of("elevator-1-1", "elevator-3-1")) {
            List<Happening> raised = p.happenings().stream()
                    .filter(h -> h instanceof FaultRaised f && f.elevator().equals(e))
                    .toList();
            assertThat(raised).hasSize(3);
            List<Crew> closes = p.happenings().stream()
                    .filter(h -> h instanceof Crew c && c.elevator().equals(e) && c.action() == CrewAction.CLOSE)
                    .map(Crew.class::cast)
                    .filter(c -> !c.type().equals(Trapped.TYPE))
                    .toList();
            assertThat(closes).as("the month's last fault stays open").hasSize(2);
        }
        List<Happening> trapped =
                p.happenings().stream().filter(Trapped.class::isInstance).toList();
        assertThat(trapped).hasSize(1);
        Crew ack = p.happenings().stream()
                .filter(h -> h instanceof Crew c && c.type().equals(Trapped.TYPE) && c.action() == CrewAction.ACK)
                .map(Crew.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(ack.at()).isAfter(trapped.get(0).at());
    }

    @Test
    void aSmallerMonthKeepsItsShapeWithAFractionOfTheOutings() {
        PlanSettings quarter = PlanSettings.realistic(1, HOLIDAYS, WORKDAYS).withIntensity(0.25);
        MonthPlan small = MonthPlan.of(Compound.of(config, 1), OCTOBER, ZONE, quarter);
        long full = plan(1).happenings().stream().filter(Ride.class::isInstance).count();
        long part = small.happenings().stream().filter(Ride.class::isInstance).count();
        assertThat((double) part / full).isBetween(0.18, 0.32);
        assertThat(peak(small.perHour(residents(Ride.class, Role.WORKER)))).isBetween(17, 20);
        assertThatThrownBy(() -> quarter.withIntensity(0)).hasMessageContaining("intensity: 0.0 is outside (0, 1]");
    }

    private static int peak(long[] hours) {
        int best = 0;
        for (int h = 1; h < hours.length; h++) {
            if (hours[h] > hours[best]) {
                best = h;
            }
        }
        return best;
    }

    private static long sum(long[] a) {
        long s = 0;
        for (long x : a) {
            s += x;
        }
        return s;
    }
}
