package io.courtyard.sim.compound;

import io.courtyard.sim.compound.Happening.Car;
import io.courtyard.sim.compound.Happening.Crew;
import io.courtyard.sim.compound.Happening.CrewAction;
import io.courtyard.sim.compound.Happening.Descend;
import io.courtyard.sim.compound.Happening.Driver;
import io.courtyard.sim.compound.Happening.FaultCleared;
import io.courtyard.sim.compound.Happening.FaultRaised;
import io.courtyard.sim.compound.Happening.GateIn;
import io.courtyard.sim.compound.Happening.GateOut;
import io.courtyard.sim.compound.Happening.Ride;
import io.courtyard.sim.compound.Happening.Trapped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A month of the compound, happening by happening in time order: residents out and back by their
 * rhythm (through the gates, by car through the barriers, home by elevator), staff shifts, visitors and
 * deliveries with plate passes, monitor faults that crews acknowledge, attend and close, and trapped
 * passengers. Deterministic for a compound, month and seed.
 */
public final class MonthPlan {
    /** Zero-debounce fault types both monitor code tables know: raised the moment the monitor says so. */
    static final List<String> FAULT_TYPES = List.of("safety-circuit-open", "moving-with-door-open");

    private final YearMonth month;
    private final ZoneId zone;
    private final List<Happening> happenings;
    private final List<Pass> passes;
    private final int days;

    private MonthPlan(YearMonth month, ZoneId zone, List<Happening> happenings, List<Pass> passes, int days) {
        this.month = month;
        this.zone = zone;
        this.happenings = happenings;
        this.passes = passes;
        this.days = days;
    }

    public static MonthPlan of(Compound c, YearMonth month, ZoneId zone, PlanSettings s) {
        return new Builder(c, month, zone, s).build();
    }

    public YearMonth month() {
        return month;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Every happening, earliest first. */
    public List<Happening> happenings() {
        return happenings;
    }

    /** The visitors' and deliveries' passes the household issued: they go into the access list. */
    public List<Pass> passes() {
        return passes;
    }

    public Instant start() {
        return month.atDay(1).atStartOfDay(zone).toInstant();
    }

    /** The end of the last day played: the month's end, or that of its first {@link #firstDays} days. */
    public Instant end() {
        return month.atDay(1).plusDays(days).atStartOfDay(zone).toInstant();
    }

    /** The month's first {@code n} days only (1 ≤ n ≤ its length): a short rehearsal, a test. */
    public MonthPlan firstDays(int n) {
        if (n < 1 || n > month.lengthOfMonth()) {
            throw new IllegalArgumentException("days: " + n + " is outside 1.." + month.lengthOfMonth());
        }
        Instant cut = month.atDay(1).plusDays(n).atStartOfDay(zone).toInstant();
        return new MonthPlan(
                month,
                zone,
                happenings.stream().filter(h -> h.at().isBefore(cut)).toList(),
                passes.stream().filter(p -> p.from().isBefore(cut)).toList(),
                n);
    }

    /** Happenings matching {@code which} per local date. */
    public Map<LocalDate, Long> perDay(Predicate<Happening> which) {
        return happenings.stream()
                .filter(which)
                .collect(Collectors.groupingBy(
                        h -> LocalDate.ofInstant(h.at(), zone), TreeMap::new, Collectors.counting()));
    }

    /** Happenings matching {@code which} per hour of the local day (24 entries). */
    public long[] perHour(Predicate<Happening> which) {
        long[] hours = new long[24];
        happenings.stream().filter(which).forEach(h -> hours[h.at().atZone(zone).getHour()]++);
        return hours;
    }

    /** Builds one month; one random source, consumed in a fixed order. */
    private static final class Builder {
        private final Compound c;
        private final YearMonth month;
        private final ZoneId zone;
        private final PlanSettings s;
        private final SplittableRandom random;
        private final List<Happening> out = new ArrayList<>();
        private final List<Pass> passes = new ArrayList<>();

        Builder(Compound c, YearMonth month, ZoneId zone, PlanSettings s) {
            this.c = c;
            this.month = month;
            this.zone = zone;
            this.s = s;
            this.random = new SplittableRandom(s.seed() ^ month.hashCode());
        }

        MonthPlan build() {
            for (int day = 1; day <= month.lengthOfMonth(); day++) {
                LocalDate date = month.atDay(day);
                DayKind kind = s.kind(date);
                residents(date, kind);
                staff(date, kind);
                cars(date, kind, Driver.VISITOR, kind.off() ? s.visitorsPerDay() * 2 : s.visitorsPerDay(), 60, 180);
                cars(date, kind, Driver.DELIVERY, kind.off() ? s.deliveriesPerDay() / 2 : s.deliveriesPerDay(), 10, 15);
            }
            faults();
            trapped();
            List<Happening> sorted = new ArrayList<>(out);
            // Stable: happenings at the same instant keep the order they were made in (a card before its door).
            sorted.sort(Comparator.comparing(Happening::at));
            return new MonthPlan(month, zone, List.copyOf(sorted), List.copyOf(passes), month.lengthOfMonth());
        }

        private Instant at(LocalDate date, int minuteOfDay) {
            return date.atStartOfDay(zone).plusMinutes(minuteOfDay).toInstant();
        }

        private String gate() {
            return c.gates().get(random.nextInt(c.gates().size()));
        }

        private void residents(LocalDate date, DayKind kind) {
            for (Home h : c.homes()) {
                int floor = h.household().floor();
                for (Person p : h.residents()) {
                    int n = Rhythm.outings(p.role(), kind, random);
                    for (int i = 0; i < n; i++) {
                        Rhythm.Outing o = Rhythm.outing(p.role(), kind, i, random);
                        boolean played = random.nextDouble() < s.intensity();
                        boolean drives = p == h.residents().get(0)
                                && !h.plates().isEmpty()
                                && c.entry().isPresent()
                                && c.exit().isPresent()
                                && p.role() == Role.WORKER
                                && random.nextInt(100) < (kind.off() ? 40 : 65);
                        if (played) {
                            outing(date, h, p, floor, o, drives);
                        }
                    }
                }
            }
        }

        private void outing(LocalDate date, Home h, Person p, int floor, Rhythm.Outing o, boolean drives) {
            Instant leave = at(date, o.outMinute());
            Instant back = at(date, o.backMinute());
            boolean rides = h.elevator().isPresent() && floor > 1;
            if (rides) {
                out.add(new Descend(
                        leave.minus(Duration.ofMinutes(2)), h.elevator().get(), floor));
            }
            if (drives) {
                String plate = h.plates().get(0);
                out.add(new Car(leave, c.exit().get(), plate, Driver.RESIDENT, false));
                out.add(new Car(back, c.entry().get(), plate, Driver.RESIDENT, true));
            } else {
                out.add(new GateOut(leave, gate(), p));
                out.add(new GateIn(back, gate(), p));
            }
            if (rides) {
                out.add(new Ride(
                        back.plus(Duration.ofSeconds(40 + random.nextInt(120))),
                        h.elevator().get(),
                        p,
                        floor));
            }
        }

        /** Cleaners on workdays 07:30-16:30, guards every day at 08:00 and 20:00 shift changes. */
        private void staff(LocalDate date, DayKind kind) {
            for (Person p : c.staff()) {
                boolean guard = p.holder().endsWith("-1") || p.holder().endsWith("-2");
                if (!guard && kind.off()) {
                    continue;
                }
                int in = (guard ? 7 * 60 + 50 : 7 * 60 + 20) + random.nextInt(20);
                int leave = (guard ? 20 * 60 + 5 : 16 * 60 + 30) + random.nextInt(20);
                out.add(new GateIn(at(date, in), gate(), p));
                out.add(new GateOut(at(date, leave), gate(), p));
            }
        }

        private void cars(LocalDate date, DayKind kind, Driver driver, int count, int minStay, int stayRange) {
            if (c.entry().isEmpty() || c.exit().isEmpty()) {
                return;
            }
            for (int i = 0; i < count; i++) {
                Home host = c.homes().get(random.nextInt(c.homes().size()));
                int arrive = (driver == Driver.DELIVERY ? 9 * 60 : 9 * 60 + 30) + random.nextInt(9 * 60);
                int leave = Math.min(arrive + minStay + random.nextInt(stayRange), 23 * 60 + 30);
                String plate = String.format(
                        Locale.ROOT,
                        "%s%c%05d",
                        driver == Driver.DELIVERY ? "津" : "冀",
                        'A' + random.nextInt(8),
                        passes.size());
                Instant in = at(date, arrive);
                Instant gone = at(date, leave);
                // The household issues the pass for the visit, from the hour before it to half an hour after.
                passes.add(new Pass(
                        String.format(
                                Locale.ROOT, "sim-%s-%04d", driver.name().toLowerCase(Locale.ROOT), passes.size()),
                        host.id(),
                        plate,
                        in.minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.HOURS),
                        gone.plus(Duration.ofMinutes(30))));
                out.add(new Car(in, c.entry().get(), plate, driver, true));
                out.add(new Car(gone, c.exit().get(), plate, driver, false));
            }
        }

        /**
         * Faults on each elevator on random days: most acknowledged, attended and closed once the monitor
         * clears them; the month's last one per elevator is left acknowledged and open, as a dashboard would show it.
         */
        private void faults() {
            for (String e : c.elevators()) {
                List<Integer> days = new ArrayList<>();
                for (int i = 0; i < s.faultsPerElevator(); i++) {
                    days.add(1 + random.nextInt(month.lengthOfMonth() - 1));
                }
                days.sort(Integer::compare);
                for (int i = 0; i < days.size(); i++) {
                    String type = FAULT_TYPES.get(random.nextInt(FAULT_TYPES.size()));
                    Instant t = at(month.atDay(days.get(i)), 8 * 60 + random.nextInt(12 * 60));
                    Person crew = c.crew().get(random.nextInt(c.crew().size()));
                    out.add(new FaultRaised(t, e, type));
                    out.add(new Crew(t.plus(minutes(3, 8)), e, type, CrewAction.ACK, crew.holder()));
                    if (i == days.size() - 1) {
                        continue;
                    }
                    Instant arrive = t.plus(minutes(15, 20));
                    out.add(new GateIn(
                            arrive.minus(Duration.ofMinutes(3)), c.gates().get(0), crew));
                    out.add(new Crew(arrive, e, type, CrewAction.ARRIVE, crew.holder()));
                    Instant fixed = arrive.plus(minutes(20, 60));
                    out.add(new FaultCleared(fixed, e, type));
                    out.add(new Crew(fixed.plus(Duration.ofMinutes(5)), e, type, CrewAction.CLOSE, crew.holder()));
                    out.add(new GateOut(
                            fixed.plus(Duration.ofMinutes(10)), c.gates().get(0), crew));
                }
            }
        }

        /** Trapped passengers: the call acknowledged at once, the crew there within the rescue target, freed, closed. */
        private void trapped() {
            for (int i = 0; i < s.trapped() && !c.elevators().isEmpty(); i++) {
                String e = c.elevators().get(i % c.elevators().size());
                Instant t = at(
                        month.atDay(2 + random.nextInt(month.lengthOfMonth() - 2)), 10 * 60 + random.nextInt(9 * 60));
                Person crew = c.crew().get(0);
                out.add(new Trapped(t, e));
                out.add(new Crew(t.plus(Duration.ofMinutes(2)), e, Trapped.TYPE, CrewAction.ACK, crew.holder()));
                Instant arrive = t.plus(minutes(12, 10));
                out.add(new GateIn(
                        arrive.minus(Duration.ofMinutes(2)), c.gates().get(0), crew));
                out.add(new Crew(arrive, e, Trapped.TYPE, CrewAction.ARRIVE, crew.holder()));
                out.add(new FaultCleared(arrive.plus(Duration.ofMinutes(3)), e, Trapped.TYPE));
                out.add(new Crew(arrive.plus(Duration.ofMinutes(8)), e, Trapped.TYPE, CrewAction.CLOSE, crew.holder()));
                out.add(new GateOut(
                        arrive.plus(Duration.ofMinutes(12)), c.gates().get(0), crew));
            }
        }

        private Duration minutes(int from, int range) {
            return Duration.ofMinutes(from + random.nextInt(range));
        }
    }
}
