package io.courtyard.access;

import io.courtyard.config.AccessConfig.GatePair;
import io.courtyard.config.CameraConfig;
import io.courtyard.config.DevicesConfig;
import io.courtyard.config.DevicesConfig.AntiPassback;
import io.courtyard.config.DevicesConfig.Direction;
import io.courtyard.config.GatewayConfig;
import io.courtyard.config.SiteConfig.Household;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What the engine needs from the configuration: the devices that ask for decisions, the
 * parking zones, the gate pairs and the households (for own floors). Built once per config.
 */
public record SiteLayout(
        ZoneId timeZone, Map<String, Device> devices, Map<String, Household> households, Map<String, Zone> zones) {

    /** A device that asks for decisions. */
    public sealed interface Device {
        String id();

        /** Fire mode opens this device for everyone (for an elevator: releases card control). */
        boolean opensOnFire();
    }

    /**
     * A pedestrian gate; {@code pair}, {@code side} and {@code area} ({@code pair:ID}) are set when
     * it is one side of an anti-passback pair ({@code ENTRY} side or {@code EXIT} side);
     * {@code opening} is its grant's actuation, built once.
     */
    public record Gate(
            String id,
            Duration pulse,
            boolean opensOnFire,
            GatePair pair,
            Direction side,
            String area,
            Actuation.Pulse opening)
            implements Device {
        public Gate(String id, Duration pulse, boolean opensOnFire, GatePair pair, Direction side) {
            this(
                    id,
                    pulse,
                    opensOnFire,
                    pair,
                    side,
                    pair == null ? null : "pair:" + pair.id(),
                    new Actuation.Pulse(pulse));
        }
    }

    /** An elevator's card control: floor → relay output, ascending by floor. */
    public record Elevator(
            String id,
            String building,
            String unit,
            NavigableMap<Integer, Integer> floorOutputs,
            List<Integer> publicFloors,
            Duration enableFor,
            boolean opensOnFire)
            implements Device {}

    /** A vehicle barrier at the entry or the exit of a zone; {@code plates} is how its reads are matched. */
    public record Barrier(String id, Direction direction, Zone zone, boolean opensOnFire, CameraConfig.Plates plates)
            implements Device {
        public Barrier(String id, Direction direction, Zone zone, boolean opensOnFire) {
            this(id, direction, zone, opensOnFire, CameraConfig.Plates.DEFAULTS);
        }
    }

    /** A parking zone; {@code area} names it among the anti-passback areas ({@code zone:ID}). */
    public record Zone(String id, int capacity, AntiPassback antiPassback, String area) {
        public Zone(String id, int capacity, AntiPassback antiPassback) {
            this(id, capacity, antiPassback, "zone:" + id);
        }
    }

    public SiteLayout {
        devices = Map.copyOf(devices);
        households = Map.copyOf(households);
        zones = Map.copyOf(zones);
    }

    public static SiteLayout of(GatewayConfig config) {
        DevicesConfig d = config.devices();
        Map<String, Zone> zones = new HashMap<>();
        d.parkingZones().forEach(z -> zones.put(z.id(), new Zone(z.id(), z.capacity(), z.antiPassback())));
        Map<String, GatePair> pairOf = new HashMap<>();
        Map<String, Direction> sideOf = new HashMap<>();
        for (GatePair p : config.access().antiPassbackPairs()) {
            pairOf.put(p.entry(), p);
            sideOf.put(p.entry(), Direction.ENTRY);
            pairOf.put(p.exit(), p);
            sideOf.put(p.exit(), Direction.EXIT);
        }
        Map<String, Device> devices = new HashMap<>();
        d.gates()
                .forEach(g -> devices.put(
                        g.id(), new Gate(g.id(), g.pulse(), g.openOnFire(), pairOf.get(g.id()), sideOf.get(g.id()))));
        d.elevators()
                .forEach(e -> devices.put(
                        e.id(),
                        new Elevator(
                                e.id(),
                                e.building(),
                                e.unit(),
                                Collections.unmodifiableNavigableMap(new TreeMap<>(e.floorOutputs())),
                                e.publicFloors().stream().sorted().toList(),
                                e.enableFor(),
                                e.releaseOnFire())));
        d.barriers()
                .forEach(b -> devices.put(
                        b.id(), new Barrier(b.id(), b.direction(), zones.get(b.zone()), b.openOnFire(), b.plates())));
        Map<String, Household> households = new HashMap<>();
        config.site().households().forEach(h -> households.put(h.id(), h));
        return new SiteLayout(config.site().timeZone(), devices, households, zones);
    }

    /** Gates and barriers that fire mode opens, and elevators whose control it releases. */
    public List<String> openOnFire() {
        List<String> ids = new ArrayList<>();
        devices.values().stream()
                .filter(Device::opensOnFire)
                .map(Device::id)
                .sorted()
                .forEach(ids::add);
        return ids;
    }
}
