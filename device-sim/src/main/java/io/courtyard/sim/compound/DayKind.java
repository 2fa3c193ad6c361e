package io.courtyard.sim.compound;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/** Whether people go to work on a date: workday, weekend or public holiday (with swapped workdays). */
public enum DayKind {
    WORKDAY,
    WEEKEND,
    HOLIDAY;

    /**
     * The kind of {@code date}: a listed holiday, else a listed make-up workday (调休), else by the
     * day of the week.
     */
    public static DayKind of(LocalDate date, Set<LocalDate> holidays, Map<LocalDate, ?> workdays) {
        if (holidays.contains(date)) {
            return HOLIDAY;
        }
        if (workdays.containsKey(date)) {
            return WORKDAY;
        }
        DayOfWeek d = date.getDayOfWeek();
        return d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY ? WEEKEND : WORKDAY;
    }

    public boolean off() {
        return this != WORKDAY;
    }
}
