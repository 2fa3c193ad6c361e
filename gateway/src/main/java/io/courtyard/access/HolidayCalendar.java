package io.courtyard.access;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * The site's public holidays and their exceptions: make-up working days (调休) on a weekend,
 * each run with the schedule of the weekday it stands in for.
 */
public record HolidayCalendar(Set<LocalDate> holidays, Map<LocalDate, DayOfWeek> workdays) {
    public static final HolidayCalendar NONE = new HolidayCalendar(Set.of(), Map.of());

    public HolidayCalendar {
        holidays = Set.copyOf(holidays);
        workdays = Map.copyOf(workdays);
        for (LocalDate d : workdays.keySet()) {
            if (holidays.contains(d)) {
                throw new IllegalArgumentException(d + " is both a holiday and a make-up working day");
            }
        }
    }
}
