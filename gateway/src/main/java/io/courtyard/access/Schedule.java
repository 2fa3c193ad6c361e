package io.courtyard.access;

import java.time.DayOfWeek;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A weekly schedule with several windows per day, evaluated in the site's time zone.
 *
 * @param week windows per day of week; a missing day is closed
 * @param holidays windows on the calendar's holidays; null when this schedule ignores holidays
 *     (a holiday then follows its weekday), empty when it is closed on holidays
 */
public record Schedule(String id, Map<DayOfWeek, List<TimeWindow>> week, List<TimeWindow> holidays) {
    public Schedule {
        Objects.requireNonNull(id, "id");
        EnumMap<DayOfWeek, List<TimeWindow>> copy = new EnumMap<>(DayOfWeek.class);
        week.forEach((d, w) -> copy.put(d, List.copyOf(w)));
        week = java.util.Collections.unmodifiableMap(copy);
        holidays = holidays == null ? null : List.copyOf(holidays);
    }
}
