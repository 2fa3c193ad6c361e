package io.courtyard.access;

import io.courtyard.config.AccessConfig;
import io.courtyard.config.AccessConfig.GatePair;
import io.courtyard.config.CameraConfig;
import io.courtyard.config.DevicesConfig;
import io.courtyard.config.DevicesConfig.AntiPassback;
import io.courtyard.config.DevicesConfig.Direction;
import io.courtyard.config.GatewayConfig;
import io.courtyard.config.PinKey;
import io.courtyard.config.SiteConfig.Household;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the engine needs from the configuration: the devices that ask for decisions, the
 * parking zones, the gate pairs, the households (for own floors) and the site's PIN key (null
 * without one). Built once per config.
 */
public record SiteLayout(
        ZoneId timeZone,
        Map<String, Device> devices,
        Map<String, Household> households,
        Map<String, Zone> zones,
        AccessConfig.Keypad keypad,
        PinKey pinKey) {

    /** A device that asks for decisions. */
    public sealed interface Device {
        String id();

        /** Fire mode opens this device for everyone (for an elevator: releases card control). */
        boolean opensOnFire();
    }

    /**
     * A pedestrian gate; {@code pair}, {@code side} and {@code area} ({@code pair:ID}) are set when
     * it is one side of an anti-passback pair ({@code ENTRY} side or {@code EXIT} side);
     * {@code opening} is its grant's actuation, built once; {@code expiryMillis} is how long its
     * pair remembers a position, 0 for ever.
     */
    public record Gate(
            String id,
            Duration pulse,
            boolean opensOnFire,
            GatePair pair,
            Direction side,
            String area,
            Actuation.Pulse opening,
            long expiryMillis)
            implements Device {
        public Gate(String id, Duration pulse, boolean opensOnFire, GatePair pair, Direction side) {
            this(
                    id,
                    pulse,
                    opensOnFire,
                    pair,
                    side,
                    pair == null ? null : "pair:" + pair.id(),
                    new Actuation.Pulse(pulse),
                    pair == null ? 0 : millis(pair.positionExpiry()));
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

    /**
     * A landing reader of an elevator (呼梯): whoever the car would take to some floor may call it
     * here; groups, passes and {@code pinAt} name the elevator, not the landing.
     */
    public record HallCall(String id, Elevator elevator, int floor, Actuation.HallCall opening) implements Device {
        @Override
        public boolean opensOnFire() {
            return elevator.opensOnFire();
        }
    }

    /** A vehicle barrier at the entry or the exit of a zone; {@code plates} is how its reads are matched. */
    public record Barrier(String id, Direction direction, Zone zone, boolean opensOnFire, CameraConfig.Plates plates)
            implements Device {
        public Barrier(String id, Direction direction, Zone zone, boolean opensOnFire) {
            this(id, direction, zone, opensOnFire, CameraConfig.Plates.DEFAULTS);
        }
    }

    /**
     * A parking zone; {@code area} names it among the anti-passback areas ({@code zone:ID});
     * {@code expiryMillis} is how long a position lasts, 0 for ever.
     */
    public record Zone(String id, int capacity, AntiPassback antiPassback, String area, long expiryMillis) {
        public Zone(String id, int capacity, AntiPassback antiPassback) {
            this(id, capacity, antiPassback, "zone:" + id, 0);
        }
    }

    public SiteLayout {
        devices = Map.copyOf(devices);
        households = Map.copyOf(households);
        zones = Map.copyOf(zones);
        Objects.requireNonNull(keypad, "keypad");
    }

    /**
     * A layout with the default keypad limits and no PIN key, so keyed PIN hashes never match
     * (tests and tools that build one by hand).
     */
    public SiteLayout(
            ZoneId timeZone, Map<String, Device> devices, Map<String, Household> households, Map<String, Zone> zones) {
        this(timeZone, devices, households, zones, AccessConfig.Keypad.DEFAULTS, null);
    }

    /** A layout with the default keypad limits and the given PIN key (null: none). */
    public SiteLayout(
            ZoneId timeZone,
            Map<String, Device> devices,
            Map<String, Household> households,
            Map<String, Zone> zones,
            PinKey pinKey) {
        this(timeZone, devices, households, zones, AccessConfig.Keypad.DEFAULTS, pinKey);
    }

    public static SiteLayout of(GatewayConfig config) {
        DevicesConfig d = config.devices();
        Map<String, Zone> zones = new HashMap<>();
        d.parkingZones()
                .forEach(z -> zones.put(
                        z.id(),
                        new Zone(
                                z.id(), z.capacity(), z.antiPassback(), "zone:" + z.id(), millis(z.positionExpiry()))));
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
        for (DevicesConfig.Elevator e : d.elevators()) {
            Elevator el = new Elevator(
                    e.id(),
                    e.building(),
                    e.unit(),
                    Collections.unmodifiableNavigableMap(new TreeMap<>(e.floorOutputs())),
                    e.publicFloors().stream().sorted().toList(),
                    e.enableFor(),
                    e.releaseOnFire());
            devices.put(e.id(), el);
            e.hallCalls()
                    .forEach(h -> devices.put(
                            h.id(),
                            new HallCall(
                                    h.id(),
                                    el,
                                    h.floor(),
                                    new Actuation.HallCall(h.floor(), h.output(), h.enableFor()))));
        }
        d.barriers()
                .forEach(b -> devices.put(
                        b.id(), new Barrier(b.id(), b.direction(), zones.get(b.zone()), b.openOnFire(), b.plates())));
        Map<String, Household> households = new HashMap<>();
        config.site().households().forEach(h -> households.put(h.id(), h));
        return new SiteLayout(
                config.site().timeZone(),
                devices,
                households,
                zones,
                config.access().keypad(),
                config.acl().pinKey().orElse(null));
    }

    private static long millis(Optional<Duration> d) {
        return d.map(Duration::toMillis).orElse(0L);
    }

    /** How long a position in {@code area} ({@code zone:ID} or {@code pair:ID}) lasts, in ms; 0 for ever. */
    public long expiryMillis(String area) {
        if (area.startsWith("zone:")) {
            Zone z = zones.get(area.substring(5));
            return z == null ? 0 : z.expiryMillis();
        }
        for (Device d : devices.values()) {
            if (d instanceof Gate g && area.equals(g.area())) {
                return g.expiryMillis();
            }
        }
        return 0;
    }

    /** Whether {@code area} names a parking zone or a gate pair of this site. */
    public boolean hasArea(String area) {
        if (area.startsWith("zone:")) {
            return zones.containsKey(area.substring(5));
        }
        return devices.values().stream().anyMatch(d -> d instanceof Gate g && area.equals(g.area()));
    }

    /** Whether any zone or gate pair lets positions expire. */
    public boolean positionsExpire() {
        return zones.values().stream().anyMatch(z -> z.expiryMillis() > 0)
                || devices.values().stream().anyMatch(d -> d instanceof Gate g && g.expiryMillis() > 0);
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
