package io.courtyard.config;

import io.courtyard.config.SiteConfig.Building;
import io.courtyard.config.SiteConfig.Household;
import io.courtyard.config.SiteConfig.Unit;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code site:}: identity, time zone and the household roster. */
final class SiteSection {
    static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");
    static final Duration DEFAULT_SKEW_LIMIT = Duration.ofMinutes(2);
    private static final Scalars.Parser<Duration> SKEW_LIMIT =
            Scalars.duration(Duration.ofSeconds(1), Duration.ofDays(1));
    private static final Scalars.Parser<String> ROOM = Scalars.text(
            "a room number of letters, digits and '-' (1-16 chars)", Pattern.compile("[A-Za-z0-9-]{1,16}"));
    private static final Scalars.Parser<Integer> FLOOR = Scalars.intRange(-9, 200);
    private static final Scalars.Parser<Double> AREA = Scalars.decimal(1, 10_000);

    private SiteSection() {}

    static SiteConfig read(YamlMap site) {
        String id = site.required("id", Scalars.ID);
        String name = site.optional("name", Scalars.ANY_TEXT, id);
        ZoneId zone = site.optional("timeZone", Scalars.ZONE, DEFAULT_ZONE);
        Duration skewLimit = site.optional("deviceClockSkewLimit", SKEW_LIMIT, DEFAULT_SKEW_LIMIT);
        List<Building> buildings = site.list("buildings", SiteSection::building);
        Set<String> seen = new HashSet<>();
        for (Building b : buildings) {
            if (!seen.add(b.id())) {
                site.problems()
                        .add(
                                site.value("buildings"),
                                site.field("buildings"),
                                "building id '" + b.id() + "' is used twice");
            }
        }
        households(buildings, site.problems());
        // Only a rehearsal site may run on a simulated clock (GatewayClock); absent means a real compound.
        boolean simulation = site.optional("simulation", Scalars.BOOL, false);
        return new SiteConfig(id, name, zone, skewLimit, buildings, simulation);
    }

    /**
     * Household ids join building, unit and room with '-', which ids may contain too: building
     * {@code 1-1} unit {@code 2} and building {@code 1} unit {@code 1-2} both make {@code 1-1-2-301}.
     * One id for two homes would give one household's floor and passes to the other: refused.
     */
    private static void households(List<Building> buildings, Problems problems) {
        Map<String, Household> seen = new HashMap<>();
        for (Building b : buildings) {
            for (Unit u : b.units()) {
                for (Household h : u.households()) {
                    Household other = seen.putIfAbsent(h.id(), h);
                    if (other != null) {
                        problems.on(
                                u,
                                "id",
                                "household id '" + h.id() + "' (building " + h.building() + ", unit " + h.unit()
                                        + ", room " + h.room() + ") is also building " + other.building() + ", unit "
                                        + other.unit() + ", room " + other.room()
                                        + "; rename a building or a unit so that the ids differ");
                    }
                }
            }
        }
    }

    private static Building building(YamlMap b) {
        String id = b.required("id", Scalars.ID);
        String name = b.optional("name", Scalars.ANY_TEXT, "Building " + id);
        List<UnitDraft> drafts = b.list("units", SiteSection::unit);
        List<Unit> units = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (UnitDraft d : drafts) {
            if (d.id != null && !seen.add(d.id)) {
                b.problems()
                        .add(
                                b.value("units"),
                                b.field("units"),
                                "unit id '" + d.id + "' is used twice in building " + id);
            }
            Unit unit = d.build(id);
            // Checks after the roster is complete (household ids) point at the unit's lines.
            b.problems().alias(d, unit);
            units.add(unit);
        }
        return id == null ? null : new Building(id, name, List.copyOf(units));
    }

    /** A unit before its building id is known; households carry both ids. */
    private record UnitDraft(String id, int lowest, int top, Map<String, double[]> rooms) {
        Unit build(String building) {
            List<Household> hs = new ArrayList<>();
            rooms.forEach((room, floorAndArea) -> hs.add(new Household(
                    building + "-" + id + "-" + room, building, id, (int) floorAndArea[0], room, floorAndArea[1])));
            return new Unit(id, lowest, top, List.copyOf(hs));
        }
    }

    private static UnitDraft unit(YamlMap u) {
        String id = u.required("id", Scalars.ID);
        Integer top = u.required("floors", FLOOR);
        int lowest = u.optional("lowestFloor", FLOOR, 1);
        int perFloor = u.optional("roomsPerFloor", Scalars.intRange(0, 99), 0);
        Double area = u.optional("area", AREA, null);
        List<String> vacant = u.scalars("vacant", ROOM);
        if (top == null || id == null) {
            // Households cannot be checked without the unit's floors; mark the key as read without
            // reading its items, which would otherwise report every household key as unknown.
            u.value("households");
            return null;
        }
        if (top < lowest) {
            u.problems()
                    .add(u.value("floors"), u.field("floors"), "top floor " + top + " is below lowestFloor " + lowest);
        }
        if (perFloor > 0 && area == null) {
            u.missing("area", "the floor area in m² of generated rooms, since roomsPerFloor is set");
        }
        // Generated rooms follow the common Chinese numbering: floor 7, second door -> "702".
        Map<String, double[]> rooms = new LinkedHashMap<>();
        for (int floor = Math.max(lowest, 1); floor <= top && perFloor > 0; floor++) {
            for (int n = 1; n <= perFloor; n++) {
                rooms.put(
                        String.format(java.util.Locale.ROOT, "%d%02d", floor, n),
                        new double[] {floor, area == null ? 0 : area});
            }
        }
        for (String v : vacant) {
            if (rooms.remove(v) == null) {
                u.problems()
                        .add(
                                u.value("vacant"),
                                u.field("vacant"),
                                "room '" + v + "' is not a generated room of this unit");
            }
        }
        int lo = lowest;
        u.list("households", h -> {
            String room = h.required("room", ROOM);
            Integer floor = h.optional("floor", FLOOR, null);
            Double a = h.optional("area", AREA, null);
            if (room == null) {
                return null;
            }
            double[] existing = rooms.get(room);
            if (existing == null && (floor == null || a == null)) {
                h.missing(floor == null ? "floor" : "area", "floor and area for a room that is not generated");
                return null;
            }
            int f = floor != null ? floor : (int) existing[0];
            if (f < lo || f > top) {
                h.problems().add(h.value("floor"), h.field("floor"), "floor " + f + " is outside " + lo + ".." + top);
            }
            rooms.put(room, new double[] {f, a != null ? a : existing[1]});
            return room;
        });
        return new UnitDraft(id, lowest, top, rooms);
    }
}
