package io.courtyard.acl;

import io.courtyard.access.AccessGroup;
import io.courtyard.access.AccessList;
import io.courtyard.access.Credential;
import io.courtyard.access.Holder;
import io.courtyard.access.HolidayCalendar;
import io.courtyard.access.Schedule;
import io.courtyard.access.VehiclePermit;
import io.courtyard.access.VisitorPass;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A mutable working copy of an access list's entries, for applying a snapshot or a delta. */
final class AclEntries {
    final Map<String, Holder> holders;
    final Map<String, Credential> credentials;
    final Map<String, VisitorPass> passes;
    final Map<String, VehiclePermit> permits;
    final Map<String, AccessGroup> groups;
    final Map<String, Schedule> schedules;
    HolidayCalendar calendar;

    private AclEntries(AccessList l) {
        holders = new HashMap<>(l.holders());
        credentials = new HashMap<>(l.credentials());
        passes = new HashMap<>(l.passes());
        permits = new HashMap<>(l.permits());
        groups = new HashMap<>(l.groups());
        schedules = new HashMap<>(l.schedules());
        calendar = l.calendar();
    }

    static AclEntries empty() {
        return new AclEntries(AccessList.EMPTY);
    }

    static AclEntries of(AccessList l) {
        return new AclEntries(l);
    }

    /** Adds or replaces an entry, keyed by its own id (one string for map and record, not two). */
    void put(EntryKind kind, Object entry) {
        switch (kind) {
            case HOLDER -> holders.put(((Holder) entry).id(), (Holder) entry);
            case CREDENTIAL -> credentials.put(((Credential) entry).id(), (Credential) entry);
            case PASS -> passes.put(((VisitorPass) entry).id(), (VisitorPass) entry);
            case PERMIT -> permits.put(((VehiclePermit) entry).id(), (VehiclePermit) entry);
            case GROUP -> groups.put(((AccessGroup) entry).id(), (AccessGroup) entry);
            case SCHEDULE -> schedules.put(((Schedule) entry).id(), (Schedule) entry);
            case CALENDAR -> calendar = (HolidayCalendar) entry;
        }
    }

    /** True when the entry existed. */
    boolean remove(EntryKind kind, String id) {
        return switch (kind) {
            case HOLDER -> holders.remove(id) != null;
            case CREDENTIAL -> credentials.remove(id) != null;
            case PASS -> passes.remove(id) != null;
            case PERMIT -> permits.remove(id) != null;
            case GROUP -> groups.remove(id) != null;
            case SCHEDULE -> schedules.remove(id) != null;
            case CALENDAR -> throw new IllegalArgumentException("the calendar is replaced, never removed");
        };
    }

    AccessList toList(long version, Instant issuedAt) {
        return new AccessList(version, issuedAt, holders, credentials, passes, permits, groups, schedules, calendar);
    }
}
