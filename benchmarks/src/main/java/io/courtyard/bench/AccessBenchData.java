package io.courtyard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.access.AccessList;
import io.courtyard.access.AccessRequest;
import io.courtyard.access.AccessSnapshot;
import io.courtyard.access.CredentialKey;
import io.courtyard.access.SiteLayout;
import io.courtyard.acl.AclMessage;
import io.courtyard.acl.AclStore;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Random;

/**
 * A large compound and its access list for the benchmarks: 25 buildings of 2 units, 30 floors of
 * 4 flats (6,000 households), 4 gates, 50 elevators, a car park; 50,000 holders with 100,000 card
 * credentials, 10,000 visitor passes, 5,000 vehicle permits. The list is stored in SQLite the way
 * the gateway stores it, and loaded back from there.
 */
final class AccessBenchData {
    static final int BUILDINGS = 25;
    static final int UNITS = 2;
    static final int FLOORS = 30;
    static final int ROOMS = 4;
    static final int HOLDERS = 50_000;
    static final int STAFF = 1_500;
    static final int CREW = 500;
    static final int PASSES = 10_000;
    static final int PERMITS = 5_000;
    static final String[] GATES = {"north-gate", "south-gate", "east-gate", "west-gate"};
    /** Monday 10:00 in Shanghai: inside every pass window and the office schedule. */
    static final Instant AT = LocalDateTime.parse("2026-03-02T10:00")
            .atZone(ZoneId.of("Asia/Shanghai"))
            .toInstant();

    private static final ObjectMapper JSON = new ObjectMapper();

    private AccessBenchData() {}

    static GatewayConfig config() throws Exception {
        StringBuilder y = new StringBuilder("site:\n  id: bench-court\n  timeZone: Asia/Shanghai\n  buildings:\n");
        for (int b = 1; b <= BUILDINGS; b++) {
            y.append("    - id: \"").append(b).append("\"\n      units:\n");
            for (int u = 1; u <= UNITS; u++) {
                y.append("        - {id: \"")
                        .append(u)
                        .append("\", floors: ")
                        .append(FLOORS)
                        .append(", roomsPerFloor: ")
                        .append(ROOMS)
                        .append(", area: 90}\n");
            }
        }
        y.append("osdpBuses:\n  - id: bus\n    host: 127.0.0.1\n    port: 4001\n    devices:\n");
        int address = 1;
        for (String g : GATES) {
            y.append("      - {id: ")
                    .append(g)
                    .append("-reader, address: ")
                    .append(address++)
                    .append("}\n");
        }
        for (int b = 1; b <= BUILDINGS; b++) {
            for (int u = 1; u <= UNITS; u++) {
                y.append("      - {id: lift-")
                        .append(b)
                        .append('-')
                        .append(u)
                        .append("-reader, address: ")
                        .append(address++)
                        .append("}\n");
            }
        }
        y.append("gates:\n");
        for (int i = 0; i < GATES.length; i++) {
            y.append("  - {id: ")
                    .append(GATES[i])
                    .append(", reader: {bus: bus, address: ")
                    .append(i + 1)
                    .append("}, strikeOutput: 0}\n");
        }
        y.append("elevators:\n");
        address = GATES.length + 1;
        StringBuilder outputs = new StringBuilder("{");
        for (int f = 1; f <= FLOORS; f++) {
            outputs.append(f == 1 ? "" : ", ").append(f).append(": ").append(f - 1);
        }
        outputs.append('}');
        for (int b = 1; b <= BUILDINGS; b++) {
            for (int u = 1; u <= UNITS; u++) {
                y.append("  - {id: ")
                        .append(lift(b, u))
                        .append(", building: \"")
                        .append(b)
                        .append("\", unit: \"")
                        .append(u)
                        .append("\", reader: {bus: bus, address: ")
                        .append(address++)
                        .append("}, floorOutputs: ")
                        .append(outputs)
                        .append(", publicFloors: [1]}\n");
            }
        }
        y.append("parkingZones:\n  - {id: main-lot, capacity: 3000, antiPassback: hard}\n");
        y.append("barriers:\n  - {id: east-entry, direction: entry, zone: main-lot, cameraSerial: CAM-1}\n");
        y.append("  - {id: east-exit, direction: exit, zone: main-lot, cameraSerial: CAM-2}\n");
        return ConfigLoader.parse(Path.of("bench.yaml"), y.toString());
    }

    static String lift(int building, int unit) {
        return "lift-" + building + "-" + unit;
    }

    static String household(int i) {
        int perUnit = FLOORS * ROOMS;
        int unitIndex = (i / perUnit) % (BUILDINGS * UNITS);
        int room = i % perUnit;
        int floor = room / ROOMS + 1;
        return (unitIndex / UNITS + 1) + "-" + (unitIndex % UNITS + 1) + "-"
                + String.format(Locale.ROOT, "%d%02d", floor, room % ROOMS + 1);
    }

    static String card(int holder, int n) {
        // Two formats so that the keys spread like a real site's mix of old and new cards.
        return n == 0
                ? "card:h10301/" + (holder % 256) + "/" + (holder % 65_536)
                : "card:h10306/" + (holder / 65_536 + 1000 * n) + "/" + (holder % 65_536);
    }

    static String residentCard(int holder, int n) {
        return card(holder, n);
    }

    static String code(int pass) {
        return "code:" + (10_000_000 + pass * 7919 % 90_000_000);
    }

    static String visitorPlate(int pass) {
        return String.format(Locale.ROOT, "沪B%05d", pass);
    }

    static String residentPlate(int permit) {
        return String.format(Locale.ROOT, "京A%05d", permit);
    }

    /** The whole list as a snapshot payload, exactly as upstream would send it. */
    static ObjectNode payload() {
        ObjectNode p = JSON.createObjectNode()
                .put("type", "snapshot")
                .put("site", "bench-court")
                .put("version", 1)
                .put("issuedAt", "2026-03-01T00:00:00Z")
                .put("expiresAt", "2099-01-01T00:00:00Z");
        ObjectNode e = p.putObject("entries");
        ArrayNode schedules = e.putArray("schedules");
        ObjectNode office = schedules.addObject().put("id", "office");
        ObjectNode week = office.putObject("week");
        for (String d : new String[] {"mon", "tue", "wed", "thu", "fri"}) {
            week.putArray(d).add("08:00-12:00").add("13:00-18:00");
        }
        office.putArray("holidays");
        ObjectNode night = schedules.addObject().put("id", "night");
        ObjectNode nweek = night.putObject("week");
        for (String d : new String[] {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}) {
            nweek.putArray(d).add("22:00-06:00");
        }
        ObjectNode cal = e.putObject("calendar");
        ArrayNode hol = cal.putArray("holidays");
        for (int d = 1; d <= 7; d++) {
            hol.add("2026-10-0" + d);
        }
        hol.add("2026-01-01").add("2026-05-01").add("2026-05-02").add("2026-05-03");
        cal.putObject("workdays").put("2026-09-27", "mon").put("2026-10-10", "fri");
        ArrayNode groups = e.putArray("groups");
        for (int b = 1; b <= BUILDINGS; b++) {
            for (int u = 1; u <= UNITS; u++) {
                ArrayNode d = groups.addObject().put("id", "res-" + b + "-" + u).putArray("devices");
                for (String g : GATES) {
                    d.add(g);
                }
                d.add(lift(b, u));
            }
        }
        ObjectNode staff = groups.addObject().put("id", "staff").put("schedule", "office");
        ArrayNode sd = staff.putArray("devices");
        for (String g : GATES) {
            sd.add(g);
        }
        sd.add(lift(1, 1)).add("east-entry").add("east-exit");
        staff.putObject("floors").putArray(lift(1, 1)).add(1).add(2);
        ObjectNode crew = groups.addObject().put("id", "crew").put("schedule", "night");
        crew.putArray("devices").add("north-gate").add(lift(1, 1)).add(lift(1, 2));
        ArrayNode holders = e.putArray("holders");
        ArrayNode creds = e.putArray("credentials");
        for (int i = 0; i < HOLDERS; i++) {
            ObjectNode h = holders.addObject().put("id", "h" + i);
            if (i < HOLDERS - STAFF - CREW) {
                String hh = household(i);
                String[] parts = hh.split("-");
                h.put("kind", "resident")
                        .put("household", hh)
                        .putArray("groups")
                        .add("res-" + parts[0] + "-" + parts[1]);
            } else if (i < HOLDERS - CREW) {
                h.put("kind", "staff").putArray("groups").add("staff");
            } else {
                h.put("kind", "maintenance").putArray("groups").add("crew");
            }
            for (int n = 0; n < 2; n++) {
                ObjectNode c = creds.addObject()
                        .put("id", "c" + i + "-" + n)
                        .put("holder", "h" + i)
                        .put("credential", card(i, n));
                if (i % 97 == 0 && n == 1) {
                    c.put("status", "lost");
                }
            }
        }
        ArrayNode passes = e.putArray("passes");
        for (int i = 0; i < PASSES; i++) {
            String hh = household(i * 13);
            String[] parts = hh.split("-");
            ObjectNode v = passes.addObject()
                    .put("id", "v" + i)
                    .put("household", hh)
                    .put("validFrom", "2026-03-02T00:00:00Z")
                    .put("validTo", "2026-03-03T00:00:00Z")
                    .put("maxUses", 1 + i % 3);
            if (i % 10 < 7) {
                v.put("credential", code(i));
                v.putArray("devices")
                        .add("north-gate")
                        .add(lift(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
            } else {
                v.put("credential", "plate:" + visitorPlate(i));
                v.putArray("devices").add("east-entry").add("east-exit");
            }
        }
        ArrayNode permits = e.putArray("permits");
        for (int i = 0; i < PERMITS; i++) {
            permits.addObject()
                    .put("id", "p" + i)
                    .put("holder", "h" + (i * 7 % (HOLDERS - STAFF - CREW)))
                    .put("plate", residentPlate(i))
                    .put("zone", "main-lot")
                    .put("space", i % 3 == 0 ? "owned" : "rented")
                    .put("reserved", i % 3 == 0);
        }
        return p;
    }

    /** Applies the payload to a fresh database in {@code dir}; returns the database, started. */
    static Database store(Path dir) throws Exception {
        Database db = new Database(dir, Synchronous.NORMAL);
        db.start();
        AclMessage m = AclMessage.parse(payload());
        try (Connection c = db.connect()) {
            AclStore.apply(c, m, 0, Instant.now());
        }
        return db;
    }

    /** Loads and indexes the stored list, as the gateway does at startup. */
    static AccessSnapshot load(Database db, SiteLayout site) throws Exception {
        try (Connection c = db.connect()) {
            AccessList list = AclStore.load(c);
            return AccessSnapshot.build(list, site);
        }
    }

    /**
     * A fixed mix of requests, cycled by the benchmarks: residents' cards at gates (50 %) and at
     * their elevator (20 %), staff at gates on schedule (5 %), visitors' codes at the gate and the
     * host's elevator (10 %), unknown cards (5 %), plates at the car park's barriers (10 %).
     */
    static AccessRequest[] requests(int n, long seed) {
        Random r = new Random(seed);
        AccessRequest[] out = new AccessRequest[n];
        int residents = HOLDERS - STAFF - CREW;
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(100);
            int h = r.nextInt(residents);
            String device;
            String credential;
            if (k < 50) {
                device = GATES[r.nextInt(GATES.length)];
                credential = card(h, r.nextInt(2));
            } else if (k < 70) {
                String[] parts = household(h).split("-");
                device = lift(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
                credential = card(h, 0);
            } else if (k < 75) {
                device = GATES[r.nextInt(GATES.length)];
                credential = card(residents + r.nextInt(STAFF), 0);
            } else if (k < 85) {
                int v = r.nextInt(PASSES);
                while (v % 10 >= 7) {
                    v = r.nextInt(PASSES);
                }
                String[] parts = household(v * 13).split("-");
                device = r.nextBoolean() ? "north-gate" : lift(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
                credential = code(v);
            } else if (k < 90) {
                device = GATES[r.nextInt(GATES.length)];
                credential = "card:h10301/255/" + (70_000 + r.nextInt(10_000)) % 65_536 + "9";
            } else {
                device = r.nextBoolean() ? "east-entry" : "east-exit";
                credential = "plate:"
                        + (r.nextBoolean()
                                ? residentPlate(r.nextInt(PERMITS))
                                : visitorPlate(7 + 10 * r.nextInt(PASSES / 10)));
            }
            out[i] = AccessRequest.of(device, CredentialKey.parse(credential), AT);
        }
        return out;
    }
}
