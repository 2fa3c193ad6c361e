package io.courtyard.access;

import io.courtyard.config.SiteConfig.Household;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One access list indexed for deciding: credential key → subject, with holders, groups and
 * schedules resolved. Immutable once built; the engine swaps whole snapshots.
 *
 * <p>Dangling references do not refuse a list (upstream may send a holder before its group); they
 * fail closed where they matter — a credential of an unknown holder is unknown, a group that does
 * not exist gives nothing — and are listed in {@link #warnings()}, as are passes whose code is shorter
 * than the site's minimum (left out). Two entries with the same credential key would make a
 * decision ambiguous, so they do refuse the list.
 */
public final class AccessSnapshot {
    private static final int MAX_WARNINGS = 20;

    private final AccessList list;
    private final SiteLayout site;
    private final SiteClock clock;
    private final Map<CredentialKey, Subject> index;
    private final Map<String, FloorSets> floors = new HashMap<>();
    private final List<String> warnings;
    private final int dangling;

    private AccessSnapshot(
            AccessList list, SiteLayout site, Map<CredentialKey, Subject> index, List<String> warnings, int dangling) {
        this.list = list;
        this.site = site;
        this.clock = new SiteClock(site.timeZone());
        this.index = index;
        this.warnings = List.copyOf(warnings);
        this.dangling = dangling;
        site.devices().values().stream()
                .filter(d -> d instanceof SiteLayout.Elevator)
                .forEach(d -> floors.put(d.id(), new FloorSets((SiteLayout.Elevator) d)));
    }

    /** Indexes {@code list}; throws {@link IllegalArgumentException} when two entries share a credential key. */
    public static AccessSnapshot build(AccessList list, SiteLayout site) {
        List<String> warnings = new ArrayList<>();
        int[] dangling = {0};
        java.util.function.Consumer<String> warn = w -> {
            dangling[0]++;
            if (warnings.size() < MAX_WARNINGS) {
                warnings.add(w);
            }
        };
        Map<String, CompiledSchedule> schedules = new HashMap<>();
        list.schedules().forEach((id, s) -> schedules.put(id, new CompiledSchedule(s, list.calendar())));
        Map<String, CompiledGroup> groups = new HashMap<>();
        list.groups().forEach((id, g) -> {
            CompiledSchedule s = g.schedule() == null ? null : schedules.get(g.schedule());
            if (g.schedule() != null && s == null) {
                // Fail closed: a group whose schedule is missing is never open.
                warn.accept("group " + id + ": no schedule " + g.schedule() + "; the group is never open");
                s = new CompiledSchedule(new Schedule(g.schedule(), Map.of(), List.of()), HolidayCalendar.NONE);
            }
            groups.put(id, CompiledGroup.of(g, s));
        });
        Map<String, CompiledGroup[]> holderGroups = new HashMap<>();
        list.holders().forEach((id, h) -> {
            List<CompiledGroup> gs = new ArrayList<>(h.groups().size());
            for (String g : h.groups()) {
                CompiledGroup cg = groups.get(g);
                if (cg == null) {
                    warn.accept("holder " + id + ": no group " + g);
                } else {
                    gs.add(cg);
                }
            }
            if (h.household() != null && !site.households().containsKey(h.household())) {
                warn.accept("holder " + id + ": household " + h.household() + " is not in the site configuration");
            }
            holderGroups.put(id, gs.toArray(new CompiledGroup[0]));
        });
        int size = list.credentials().size()
                + list.passes().size()
                + list.permits().size();
        Map<CredentialKey, Subject> index = new HashMap<>(size * 4 / 3 + 16);
        list.credentials().forEach((id, c) -> {
            Holder h = list.holders().get(c.holder());
            if (h == null) {
                warn.accept("credential " + id + ": no holder " + c.holder() + "; the credential is ignored");
                return;
            }
            Household hh = h.household() == null ? null : site.households().get(h.household());
            put(index, c.key(), new Subject.Card(c, h, hh, holderGroups.get(h.id())));
        });
        int minCode = site.keypad().minCodeLength();
        list.passes().forEach((id, p) -> {
            if (p.key().type() == CredentialKey.Type.CODE && p.key().value().length() < minCode) {
                // Fail closed: anyone can type a short code, so it cannot stand for a visitor.
                warn.accept("pass " + id + ": its code is shorter than access.keypad.minCodeLength (" + minCode
                        + "); the pass is ignored");
                return;
            }
            Household host = site.households().get(p.household());
            if (host == null) {
                warn.accept("pass " + id + ": household " + p.household() + " is not in the site configuration");
            }
            put(index, p.key(), new Subject.Pass(p, host));
        });
        list.permits().forEach((id, p) -> {
            Holder h = list.holders().get(p.holder());
            if (h == null) {
                warn.accept("permit " + id + ": no holder " + p.holder() + "; the permit is ignored");
                return;
            }
            put(index, p.plate(), new Subject.Permit(p, h));
        });
        // Open addressing without a node per entry: several megabytes less than the HashMap.
        return new AccessSnapshot(list, site, Map.copyOf(index), warnings, dangling[0]);
    }

    private static void put(Map<CredentialKey, Subject> index, CredentialKey key, Subject s) {
        Subject before = index.putIfAbsent(key, s);
        if (before != null) {
            throw new IllegalArgumentException("credential " + key.masked() + " is used by both " + describe(before)
                    + " and " + describe(s) + "; each credential may identify one entry");
        }
    }

    private static String describe(Subject s) {
        String kind = s instanceof Subject.Card ? "credential" : s instanceof Subject.Pass ? "pass" : "permit";
        return kind + " " + s.id();
    }

    public AccessList list() {
        return list;
    }

    public SiteLayout site() {
        return site;
    }

    SiteClock clock() {
        return clock;
    }

    FloorSets floors(SiteLayout.Elevator e) {
        return floors.get(e.id());
    }

    Subject lookup(CredentialKey key) {
        return index.get(key);
    }

    public long version() {
        return list.version();
    }

    /** The first few dangling references, for logs and {@code acl show}. */
    public List<String> warnings() {
        return warnings;
    }

    /** How many dangling references the list has in all. */
    public int danglingReferences() {
        return dangling;
    }

    /** Same list, another site layout (a configuration reload). */
    AccessSnapshot withSite(SiteLayout other) {
        return build(list, other);
    }
}
