package io.courtyard.access;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/** Turns instants into the site's local day and second of day without allocating. */
final class SiteClock {
    private final ZoneId zone;
    private final ZoneRules rules;

    SiteClock(ZoneId zone) {
        this.zone = zone;
        this.rules = zone.getRules();
    }

    ZoneId zone() {
        return zone;
    }

    /** Seconds since 1970-01-01T00:00 local time; divide by 86,400 for the local epoch day. */
    long localSeconds(Instant t) {
        return t.getEpochSecond() + rules.getOffset(t).getTotalSeconds();
    }

    static long epochDay(long localSeconds) {
        return Math.floorDiv(localSeconds, TimeWindow.DAY);
    }

    static int secondOfDay(long localSeconds) {
        return (int) Math.floorMod(localSeconds, (long) TimeWindow.DAY);
    }

    /** 0 = Monday … 6 = Sunday; 1970-01-01 (epoch day 0) was a Thursday. */
    static int dayOfWeek(long epochDay) {
        return (int) Math.floorMod(epochDay + 3, 7L);
    }
}
