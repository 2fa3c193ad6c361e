package io.courtyard.config;

import io.courtyard.config.DevicesConfig.Elevator;
import io.courtyard.config.DevicesConfig.HallCall;
import io.courtyard.config.DevicesConfig.OsdpBus;
import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.config.ListenersConfig.Listener;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Checks references between sections once every section has been read. */
final class CrossCheck {
    private final Problems problems;

    private CrossCheck(Problems problems) {
        this.problems = problems;
    }

    static void run(GatewayConfig c, Problems problems) {
        CrossCheck check = new CrossCheck(problems);
        check.buses(c.devices().osdpBuses());
        check.deviceIds(c.devices());
        check.references(c);
        check.listeners(c.listeners());
        check.gatePairs(c);
        OutputClaims.check(c.devices(), problems);
        check.cameras(c.devices().barriers());
        check.billing(c);
    }

    /**
     * A Hikvision alert names no serial the gateway could check, so its camera is known by its
     * source address alone: that address must be one host and belong to one barrier.
     */
    private void cameras(List<DevicesConfig.Barrier> barriers) {
        Map<String, String> hosts = new HashMap<>();
        for (DevicesConfig.Barrier b : barriers) {
            b.camera()
                    .filter(cam -> cam.vendor() == CameraConfig.Vendor.HIKVISION)
                    .ifPresent(cam -> {
                        for (CameraConfig.SourceAddress a : cam.addresses()) {
                            if (a.prefix() != a.network().length * 8) {
                                problems.on(
                                        b,
                                        "camera",
                                        "address " + a + ": a Hikvision camera is known by one host address,"
                                                + " not a block");
                                continue;
                            }
                            String other = hosts.putIfAbsent(a.text(), b.id());
                            if (other != null) {
                                problems.on(
                                        b, "camera", "address " + a + " is also the camera of barrier '" + other + "'");
                            }
                        }
                    });
        }
    }

    private void billing(GatewayConfig c) {
        Set<String> elevators = new TreeSet<>();
        c.devices().elevators().forEach(e -> elevators.add(e.id()));
        Set<String> items = new HashSet<>();
        for (BillingConfig.CostItem i : c.billing().items()) {
            if (!elevators.contains(i.elevator())) {
                problems.on(i, "elevator", "no elevator '" + i.elevator() + "'; defined: " + elevators);
            }
            if (!items.add(i.month() + "/" + i.elevator() + "/" + i.item())) {
                problems.on(
                        i,
                        "item",
                        "item '" + i.item() + "' of " + i.elevator() + " in " + i.month() + " is listed twice");
            }
        }
    }

    private void gatePairs(GatewayConfig c) {
        Set<String> gates = new TreeSet<>();
        c.devices().gates().forEach(g -> gates.add(g.id()));
        Set<String> ids = new HashSet<>();
        Map<String, String> paired = new HashMap<>();
        for (AccessConfig.GatePair p : c.access().antiPassbackPairs()) {
            if (!ids.add(p.id())) {
                problems.on(p, "id", "pair id '" + p.id() + "' is used twice");
            }
            for (String side : List.of("entry", "exit")) {
                String gate = side.equals("entry") ? p.entry() : p.exit();
                if (!gates.contains(gate)) {
                    problems.on(p, side, "no gate '" + gate + "'; defined: " + gates);
                } else {
                    String other = paired.putIfAbsent(gate, p.id());
                    if (other != null) {
                        problems.on(p, side, "gate '" + gate + "' is already in pair '" + other + "'");
                    }
                }
            }
        }
    }

    private void buses(List<OsdpBus> buses) {
        Set<String> ids = new HashSet<>();
        for (OsdpBus b : buses) {
            if (!ids.add(b.id())) {
                problems.on(b, "id", "bus id '" + b.id() + "' is used twice");
            }
            Set<Integer> addresses = new HashSet<>();
            b.devices().stream()
                    .filter(d -> !addresses.add(d.address()))
                    .forEach(d ->
                            problems.on(d, "address", "address " + d.address() + " is used twice on bus " + b.id()));
        }
    }

    private void deviceIds(DevicesConfig d) {
        Map<String, Object> seen = new HashMap<>();
        d.osdpBuses().forEach(b -> b.devices().forEach(pd -> unique(seen, pd.id(), pd)));
        d.gates().forEach(g -> unique(seen, g.id(), g));
        d.elevators().forEach(e -> unique(seen, e.id(), e));
        d.elevators().forEach(e -> e.hallCalls().forEach(h -> unique(seen, h.id(), h)));
        d.barriers().forEach(b -> unique(seen, b.id(), b));
        d.monitors().forEach(m -> unique(seen, m.id(), m));
        d.parkingZones().forEach(z -> unique(seen, z.id(), z));
        Set<String> serials = new HashSet<>();
        d.barriers().stream()
                .filter(b -> !serials.add(b.cameraSerial()))
                .forEach(b -> problems.on(
                        b, "cameraSerial", "camera " + b.cameraSerial() + " already drives another barrier"));
        Set<String> users = new HashSet<>();
        d.monitors().stream()
                .filter(m -> !users.add(m.username()))
                .forEach(m -> problems.on(m, "username", "username '" + m.username() + "' is used by another monitor"));
    }

    private void unique(Map<String, Object> seen, String id, Object item) {
        if (seen.putIfAbsent(id, item) != null) {
            problems.on(item, "id", "device id '" + id + "' is used twice; ids must be unique across all devices");
        }
    }

    private void references(GatewayConfig c) {
        DevicesConfig d = c.devices();
        Set<String> pds = new HashSet<>();
        d.osdpBuses().forEach(b -> b.devices().forEach(pd -> pds.add(b.id() + "/" + pd.address())));
        // io and relays default to the reader: check them only when the file names another device,
        // or one wrong reader is reported twice, once under a key the file does not have.
        d.gates().forEach(g -> {
            pd(pds, g, "reader", g.reader());
            if (!g.io().equals(g.reader())) {
                pd(pds, g, "io", g.io());
            }
        });
        // Sorted so that "defined: [...]" reads the same on every run.
        Set<String> zones = new TreeSet<>();
        d.parkingZones().forEach(z -> zones.add(z.id()));
        d.barriers().stream()
                .filter(b -> !zones.contains(b.zone()))
                .forEach(b -> problems.on(b, "zone", "no parking zone '" + b.zone() + "'; defined: " + zones));
        Set<String> elevators = new TreeSet<>();
        for (Elevator e : d.elevators()) {
            elevators.add(e.id());
            pd(pds, e, "reader", e.reader());
            if (!e.relays().equals(e.reader())) {
                pd(pds, e, "relays", e.relays());
            }
            for (HallCall h : e.hallCalls()) {
                pd(pds, h, "reader", h.reader());
                if (!h.io().equals(h.reader())) {
                    pd(pds, h, "io", h.io());
                }
            }
            c.site()
                    .unit(e.building(), e.unit())
                    .ifPresentOrElse(
                            u -> floors(e, u),
                            () -> problems.on(
                                    e,
                                    "unit",
                                    "no unit " + e.unit() + " in building " + e.building() + " under site.buildings"));
        }
        d.monitors().stream()
                .filter(m -> !elevators.contains(m.elevator()))
                .forEach(m -> problems.on(m, "elevator", "no elevator '" + m.elevator() + "'; defined: " + elevators));
        MonitoringSection.check(d.monitors(), d.monitoring(), problems);
    }

    private void floors(Elevator e, SiteConfig.Unit u) {
        // Each floor is reported under the field it was written in.
        Map<String, Collection<Integer>> sources = new LinkedHashMap<>();
        sources.put("floorOutputs", e.floorOutputs().keySet());
        sources.put("floorInputs", e.floorInputs().keySet());
        sources.put("publicFloors", e.publicFloors());
        sources.forEach((field, floors) -> floors.stream()
                .filter(f -> f < u.lowestFloor() || f > u.topFloor())
                .sorted()
                .forEach(f -> problems.on(
                        e,
                        field,
                        "floor " + f + " is outside the unit's floors " + u.lowestFloor() + ".." + u.topFloor())));
        e.hallCalls().stream()
                .filter(h -> h.floor() < u.lowestFloor() || h.floor() > u.topFloor())
                .forEach(h -> problems.on(
                        h,
                        "floor",
                        "floor " + h.floor() + " is outside the unit's floors " + u.lowestFloor() + ".."
                                + u.topFloor()));
        e.publicFloors().stream()
                .filter(f -> !e.floorOutputs().containsKey(f))
                .forEach(f -> problems.on(e, "publicFloors", "public floor " + f + " has no entry in floorOutputs"));
    }

    private void pd(Set<String> pds, Object owner, String field, PdRef ref) {
        if (!pds.contains(ref.bus() + "/" + ref.address())) {
            problems.on(
                    owner,
                    field,
                    "no OSDP device at bus '" + ref.bus() + "' address " + ref.address() + " under osdpBuses");
        }
    }

    private void listeners(ListenersConfig l) {
        Map<Integer, String> ports = new HashMap<>();
        Map<String, Listener> named = Map.of("http", l.http(), "cameras", l.cameras(), "deviceMqtt", l.deviceMqtt());
        named.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Listener li = e.getValue();
            if (li.enabled() && li.port() != 0) {
                String prev = ports.putIfAbsent(li.port(), e.getKey());
                if (prev != null) {
                    problems.on(li, "port", "port " + li.port() + " is also used by listeners." + prev);
                }
            }
        });
    }
}
