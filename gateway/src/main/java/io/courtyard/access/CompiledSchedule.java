package io.courtyard.access;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A schedule and the holiday calendar flattened into arrays, so that "is it open now" costs a
 * few comparisons and no allocation.
 */
final class CompiledSchedule {
    /** Day types 0..6 are Monday..Sunday; 7 is a holiday. */
    private static final int HOLIDAY = 7;

    private final Schedule schedule;
    private final int[][] windows = new int[8][];
    private final long[] holidays;
    private final long[] workdays;
    private final int[] workdayAs;

    CompiledSchedule(Schedule schedule, HolidayCalendar calendar) {
        this.schedule = schedule;
        for (DayOfWeek d : DayOfWeek.values()) {
            windows[d.ordinal()] = flatten(schedule.week().getOrDefault(d, List.of()));
        }
        windows[HOLIDAY] = schedule.holidays() == null ? null : flatten(schedule.holidays());
        holidays = calendar.holidays().stream()
                .mapToLong(LocalDate::toEpochDay)
                .sorted()
                .toArray();
        List<Map.Entry<LocalDate, DayOfWeek>> w =
                new ArrayList<>(calendar.workdays().entrySet());
        w.sort(Map.Entry.comparingByKey());
        workdays = w.stream().mapToLong(e -> e.getKey().toEpochDay()).toArray();
        workdayAs = w.stream().mapToInt(e -> e.getValue().ordinal()).toArray();
    }

    Schedule schedule() {
        return schedule;
    }

    String id() {
        return schedule.id();
    }

    boolean open(long epochDay, int second) {
        int[] today = windows[type(epochDay)];
        for (int i = 0; i < today.length; i += 2) {
            int from = today[i];
            int to = today[i + 1];
            if (second >= from && (second < to || to <= from)) {
                return true;
            }
        }
        int[] yesterday = windows[type(epochDay - 1)];
        for (int i = 0; i < yesterday.length; i += 2) {
            if (yesterday[i + 1] <= yesterday[i] && second < yesterday[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** Which day type a local date runs as: a make-up working day, a holiday, or its weekday. */
    private int type(long epochDay) {
        int w = Arrays.binarySearch(workdays, epochDay);
        if (w >= 0) {
            return workdayAs[w];
        }
        if (windows[HOLIDAY] != null && Arrays.binarySearch(holidays, epochDay) >= 0) {
            return HOLIDAY;
        }
        return SiteClock.dayOfWeek(epochDay);
    }

    /** For explanations: the day type's name and windows, e.g. {@code holiday [09:00-12:00]}. */
    String describe(long epochDay) {
        int t = type(epochDay);
        String name = t == HOLIDAY ? "holiday" : DayOfWeek.values()[t].name().toLowerCase(java.util.Locale.ROOT);
        if (t != SiteClock.dayOfWeek(epochDay) && t != HOLIDAY) {
            name = "make-up working day as " + name;
        }
        int[] ws = windows[t];
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ws.length; i += 2) {
            out.add(new TimeWindow(ws[i], ws[i + 1]).toString());
        }
        return name + " " + out;
    }

    private static int[] flatten(List<TimeWindow> ws) {
        int[] a = new int[ws.size() * 2];
        for (int i = 0; i < ws.size(); i++) {
            a[2 * i] = ws.get(i).from();
            a[2 * i + 1] = ws.get(i).to();
        }
        return a;
    }
}
