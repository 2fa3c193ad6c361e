package io.courtyard.access;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One version of the site's access list as upstream issued it: every holder, credential, pass,
 * permit, group and schedule by id, and the holiday calendar. Immutable.
 *
 * @param version 0 only for the empty list of a gateway that never received one
 */
public record AccessList(
        long version,
        Instant issuedAt,
        Map<String, Holder> holders,
        Map<String, Credential> credentials,
        Map<String, VisitorPass> passes,
        Map<String, VehiclePermit> permits,
        Map<String, AccessGroup> groups,
        Map<String, Schedule> schedules,
        HolidayCalendar calendar) {

    public static final AccessList EMPTY = new AccessList(
            0, Instant.EPOCH, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), HolidayCalendar.NONE);

    public AccessList {
        Objects.requireNonNull(issuedAt, "issuedAt");
        holders = Map.copyOf(holders);
        credentials = Map.copyOf(credentials);
        passes = Map.copyOf(passes);
        permits = Map.copyOf(permits);
        groups = Map.copyOf(groups);
        schedules = Map.copyOf(schedules);
        Objects.requireNonNull(calendar, "calendar");
    }

    /** Entries by kind, in a fixed order, for summaries ({@code acl show}) and logs. */
    public Map<String, Integer> counts() {
        Map<String, Integer> m = new java.util.LinkedHashMap<>();
        m.put("holders", holders.size());
        m.put("credentials", credentials.size());
        m.put("passes", passes.size());
        m.put("permits", permits.size());
        m.put("groups", groups.size());
        m.put("schedules", schedules.size());
        m.put("holidays", calendar.holidays().size());
        return m;
    }
}
