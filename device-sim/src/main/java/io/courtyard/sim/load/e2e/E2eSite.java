package io.courtyard.sim.load.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.acl.Keys;
import io.courtyard.acl.SignedBundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The compound of a mixed load run, written as the files an installer writes: a configuration
 * (gate readers on {@code buses} serial servers, Vzenith entry cameras into a car park that never
 * fills and keeps no anti-passback, elevator monitors on the device listener, the upstream broker)
 * and an access list signed with a fresh key, imported with {@code courtyard acl import}.
 */
final class E2eSite {
    static final String SITE = "load-court";
    static final String PREFIX = "courtyard";
    /** Residents' cards are H10301 facility {@value}, numbers 1..residents. */
    static final int FACILITY = 10;

    static final String MONITOR_SECRET = "load-monitor-secret";
    /** The lift the monitors report on; its reader and relays sit on a bus of their own. */
    static final String LIFT_BUS = "lift-bus";

    private static final ObjectMapper JSON = new ObjectMapper();

    private E2eSite() {}

    /** Ports the run chose for the gateway's device listeners, and where the OSDP buses listen. */
    record Ports(int cameras, int deviceMqtt, List<Integer> buses, int liftBus) {}

    static String busId(int b) {
        return String.format(Locale.ROOT, "bus-%02d", b);
    }

    static String gateId(int bus, int address) {
        return busId(bus) + "-gate-" + address;
    }

    static String cameraSerial(int i) {
        return String.format(Locale.ROOT, "LOAD-%03d", i);
    }

    /**
     * Even cameras watch entries, odd ones exits, so that the car park's occupancy stays level
     * however long the run (a full car park would turn residents away).
     */
    static String barrierId(int i) {
        return String.format(Locale.ROOT, "barrier-%03d", i);
    }

    static String monitorId(int i) {
        return String.format(Locale.ROOT, "monitor-%04d", i);
    }

    /** Plate {@code i}: 京A then five digits, all distinct. */
    static String plate(int i) {
        return String.format(Locale.ROOT, "京A%05d", i);
    }

    static int plates(Plan plan) {
        return Math.min(plan.residents(), 99_999);
    }

    static Path writeConfig(Path dir, Plan plan, Ports ports, String upstreamUri, KeyPair key) throws IOException {
        StringBuilder y = new StringBuilder();
        y.append(String.format(
                Locale.ROOT,
                """
                site:
                  id: %s
                  timeZone: Asia/Shanghai
                  buildings:
                    - id: "1"
                      units:
                        - {id: "1", floors: 30, roomsPerFloor: 4, area: 90}
                state:
                  dir: %s
                listeners:
                  http: {bind: 127.0.0.1, port: 0}
                  cameras: {bind: 127.0.0.1, port: %d, maxConnections: %d, maxConnectionsPerAddress: %d}
                  deviceMqtt:
                    bind: 127.0.0.1
                    port: %d
                    maxConnections: %d
                    maxConnectionsPerAddress: %d
                    # The load's monitors publish far beyond a real one's 20 messages/s.
                    messagesPerSecond: 1000000
                    messageBurst: 1000000
                    receiveMaximum: %d
                upstream:
                  mqtt:
                    uri: %s
                    topicPrefix: %s
                    batchSize: %d
                journal:
                  synchronous: full
                  # The unit grants the writer SCHED_FIFO with LimitRTPRIO=1, a limit this process
                  # cannot give a child (raising it takes CAP_SYS_RESOURCE): "on" takes it with
                  # root's CAP_SYS_NICE instead. The report says whether the writer got it.
                  realtimeWriter: on
                %s%s
                acl:
                  publicKey: %s
                parkingZones:
                  - {id: main-lot, capacity: 100000, antiPassback: "off"}
                """,
                SITE,
                dir.resolve("state").toAbsolutePath(),
                ports.cameras(),
                plan.cameras() + 16,
                plan.cameras() + 16,
                ports.deviceMqtt(),
                plan.monitors() + 16,
                plan.monitors() + 16,
                Math.max(32, plan.monitorWindow()),
                upstreamUri,
                PREFIX,
                plan.upstreamBatch(),
                plan.journalWindow()
                        .map(w -> "  batchWindow: " + w.toMillis() + "ms\n")
                        .orElse(""),
                plan.journalQuota().map(q -> "  quota: " + q).orElse(""),
                Base64.getEncoder().encodeToString(key.getPublic().getEncoded())));
        y.append("osdpBuses:\n");
        for (int b = 0; b < plan.buses(); b++) {
            y.append("  - id: ").append(busId(b)).append("\n    host: 127.0.0.1\n    port: ");
            y.append(ports.buses().get(b)).append("\n    devices:\n");
            for (int a = 1; a <= plan.pdsPerBus(); a++) {
                y.append("      - {id: ").append(busId(b)).append("-pd").append(a);
                y.append(", address: ").append(a).append("}\n");
            }
        }
        y.append("  - id: ").append(LIFT_BUS).append("\n    host: 127.0.0.1\n    port: ");
        y.append(ports.liftBus()).append("\n    devices:\n");
        y.append("      - {id: lift-reader, address: 1}\n      - {id: lift-relays, address: 2}\n");
        y.append("gates:\n");
        for (int b = 0; b < plan.buses(); b++) {
            for (int a = 1; a <= plan.pdsPerBus(); a++) {
                y.append("  - {id: ")
                        .append(gateId(b, a))
                        .append(", reader: {bus: ")
                        .append(busId(b));
                y.append(", address: ").append(a).append("}, strikeOutput: 0, doorInput: 0, exitInput: 1}\n");
            }
        }
        y.append(
                """
                elevators:
                  - id: lift-1
                    building: "1"
                    unit: "1"
                    reader: {bus: lift-bus, address: 1}
                    relays: {bus: lift-bus, address: 2}
                    floorOutputs: {1: 0, 2: 1, 3: 2}
                    publicFloors: [1]
                """);
        y.append("monitors:\n");
        for (int i = 0; i < plan.monitors(); i++) {
            y.append("  - {id: ").append(monitorId(i)).append(", elevator: lift-1, secret: ");
            y.append(MONITOR_SECRET).append("}\n");
        }
        y.append("barriers:\n");
        for (int i = 0; i < plan.cameras(); i++) {
            y.append(String.format(
                    Locale.ROOT,
                    "  - {id: %s, direction: %s, zone: main-lot, cameraSerial: %s,"
                            + " camera: {vendor: vzenith, address: 127.0.0.1, answerWithin: 5s}}%n",
                    barrierId(i),
                    i % 2 == 0 ? "entry" : "exit",
                    cameraSerial(i)));
        }
        Path config = dir.resolve("load.yaml");
        Files.writeString(config, y.toString(), StandardCharsets.UTF_8);
        return config;
    }

    /**
     * Residents 1..N, each with card {@code h10301/10/i} opening every gate, the first
     * {@link #plates} of them with a car permitted into the car park.
     */
    static Path writeList(Path dir, Plan plan, KeyPair key) throws IOException {
        Instant now = Instant.now();
        ObjectNode payload = JSON.createObjectNode()
                .put("type", "snapshot")
                .put("site", SITE)
                .put("version", 1)
                .put("issuedAt", now.toString())
                .put("expiresAt", now.plus(Duration.ofDays(1)).toString());
        ObjectNode e = payload.putObject("entries");
        ArrayNode holders = e.putArray("holders");
        ArrayNode credentials = e.putArray("credentials");
        ArrayNode permits = e.putArray("permits");
        ObjectNode everyone = e.putArray("groups").addObject().put("id", "everyone");
        ArrayNode gates = everyone.putArray("devices");
        for (int b = 0; b < plan.buses(); b++) {
            for (int a = 1; a <= plan.pdsPerBus(); a++) {
                gates.add(gateId(b, a));
            }
        }
        int plates = plates(plan);
        for (int i = 1; i <= plan.residents(); i++) {
            String h = "h-" + i;
            holders.addObject()
                    .put("id", h)
                    .put("kind", "resident")
                    .put("household", "1-1-" + (100 * (1 + i % 30) + 1 + i % 4))
                    .putArray("groups")
                    .add("everyone");
            credentials
                    .addObject()
                    .put("id", "c-" + i)
                    .put("holder", h)
                    .put("credential", "card:h10301/" + FACILITY + "/" + i);
            if (i <= plates) {
                permits.addObject()
                        .put("id", "p-" + i)
                        .put("holder", h)
                        .put("plate", plate(i))
                        .put("zone", "main-lot")
                        .put("space", "none");
            }
        }
        Path list = dir.resolve("load-list.json");
        Files.write(list, SignedBundle.sign(payload, key.getPrivate(), Keys.keyId(key.getPublic())));
        return list;
    }
}
