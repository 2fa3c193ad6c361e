package io.courtyard.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The compound: its identity, time zone and the households that live in it.
 *
 * @param deviceClockSkewLimit how far a device's clock may be off the gateway's before it is reported
 * @param simulation {@code site.simulation: true}: a rehearsal site, the only kind whose gateway accepts a
 *     simulated clock (never set on a real compound)
 */
public record SiteConfig(
        String id,
        String name,
        ZoneId timeZone,
        Duration deviceClockSkewLimit,
        List<Building> buildings,
        boolean simulation) {

    /** A building (楼) made of units (单元). */
    public record Building(String id, String name, List<Unit> units) {}

    /** A unit (单元): one stairwell and, after a retrofit, usually one elevator. */
    public record Unit(String id, int lowestFloor, int topFloor, List<Household> households) {}

    /** A household on one floor of a unit; {@code id} is {@code building-unit-room}. */
    public record Household(String id, String building, String unit, int floor, String room, double areaSquareMetres) {}

    public List<Household> households() {
        return buildings.stream()
                .flatMap(b -> b.units().stream())
                .flatMap(u -> u.households().stream())
                .toList();
    }

    public Optional<Unit> unit(String building, String unit) {
        return buildings.stream()
                .filter(b -> b.id().equals(building))
                .flatMap(b -> b.units().stream())
                .filter(u -> u.id().equals(unit))
                .findFirst();
    }
}
