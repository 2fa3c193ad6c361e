package io.courtyard.access;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compiled schedule (epoch arithmetic, sorted arrays) against a plain reading of the rules
 * with java.time, on random schedules, calendars and instants, in zones with and without
 * daylight saving time.
 */
class SchedulePropertyTest {
    private static final LocalDate FROM = LocalDate.of(2026, 1, 1);

    @ParameterizedTest
    @ValueSource(strings = {"Asia/Shanghai", "Europe/Berlin", "America/New_York"})
    void compiledSchedulesAgreeWithJavaTimeOnRandomInputs(String zoneId) {
        ZoneId zone = ZoneId.of(zoneId);
        SiteClock clock = new SiteClock(zone);
        Random random = new Random(zoneId.hashCode());
        for (int round = 0; round < 500; round++) {
            Schedule schedule = schedule(random);
            HolidayCalendar calendar = calendar(random);
            CompiledSchedule compiled = new CompiledSchedule(schedule, calendar);
            for (int i = 0; i < 200; i++) {
                Instant t = FROM.atStartOfDay(zone).toInstant().plusSeconds(random.nextInt(400 * 86_400));
                long local = clock.localSeconds(t);
                boolean expected = reference(schedule, calendar, t.atZone(zone).toLocalDateTime());
                boolean actual = compiled.open(SiteClock.epochDay(local), SiteClock.secondOfDay(local));
                int r = round;
                assertEquals(
                        expected,
                        actual,
                        () -> "round " + r + " at " + t.atZone(zone) + " for " + schedule + " " + calendar);
            }
        }
    }

    private static boolean reference(Schedule s, HolidayCalendar c, LocalDateTime at) {
        int second = at.toLocalTime().toSecondOfDay();
        for (TimeWindow w : windows(s, c, at.toLocalDate())) {
            boolean inside = w.to() > w.from() ? second >= w.from() && second < w.to() : second >= w.from();
            if (inside) {
                return true;
            }
        }
        for (TimeWindow w : windows(s, c, at.toLocalDate().minusDays(1))) {
            if (w.to() <= w.from() && second < w.to()) {
                return true;
            }
        }
        return false;
    }

    private static List<TimeWindow> windows(Schedule s, HolidayCalendar c, LocalDate d) {
        DayOfWeek as = c.workdays().get(d);
        if (as != null) {
            return s.week().getOrDefault(as, List.of());
        }
        if (c.holidays().contains(d) && s.holidays() != null) {
            return s.holidays();
        }
        return s.week().getOrDefault(d.getDayOfWeek(), List.of());
    }

    private static Schedule schedule(Random r) {
        Map<DayOfWeek, List<TimeWindow>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (r.nextInt(4) > 0) {
                week.put(d, windows(r));
            }
        }
        List<TimeWindow> holidays = r.nextBoolean() ? null : windows(r);
        return new Schedule("s", week, holidays);
    }

    private static List<TimeWindow> windows(Random r) {
        List<TimeWindow> out = new ArrayList<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            // Minute or second resolution, sometimes crossing midnight, sometimes ending at 24:00.
            int from = r.nextBoolean() ? r.nextInt(24 * 60) * 60 : r.nextInt(TimeWindow.DAY);
            int to = r.nextInt(8) == 0 ? TimeWindow.DAY : 1 + r.nextInt(TimeWindow.DAY);
            if (to != from) {
                out.add(new TimeWindow(from, to));
            }
        }
        return out;
    }

    private static HolidayCalendar calendar(Random r) {
        Set<LocalDate> holidays = new HashSet<>();
        Map<LocalDate, DayOfWeek> workdays = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            LocalDate d = FROM.plusDays(r.nextInt(400));
            if (r.nextInt(3) == 0) {
                if (!holidays.contains(d)) {
                    workdays.put(d, DayOfWeek.values()[r.nextInt(7)]);
                }
            } else if (!workdays.containsKey(d)) {
                holidays.add(d);
            }
        }
        return new HolidayCalendar(holidays, workdays);
    }
}
